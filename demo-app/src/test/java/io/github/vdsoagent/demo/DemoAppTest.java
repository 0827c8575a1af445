package io.github.vdsoagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoAppTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return DemoApp.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> lines(ByteArrayOutputStream stream) {
        String text = stream.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: java -jar demo-app.jar"));
        assertEquals(List.of(), lines(err));
    }

    @Test
    void badArgumentsPrintOneLineOnStderrAndExitTwo() throws Exception {
        assertEquals(2, run("--threads", "none"));
        assertEquals(List.of("demo-app: --threads expects a whole number, got 'none' (try --help)"), lines(err));
        assertEquals(List.of(), lines(out));
    }

    @Test
    void printsAHeaderThenOneLinePerApiWithItsCalls() throws Exception {
        assertEquals(0, run("--iterations", "3", "--threads", "2"));
        List<String> lines = lines(out);
        assertTrue(lines.get(0).startsWith("demo-app: 20 time APIs x 3 calls on 2 threads"), lines.get(0));
        TimeApi[] apis = TimeApi.values();
        for (int i = 0; i < apis.length; i++) {
            String line = lines.get(1 + i);
            assertEquals(apis[i].alwaysEntersKernel() ? "* " : "  ", line.substring(0, 2));
            assertTrue(line.startsWith(apis[i].apiName() + " ", 2), line);
            assertTrue(line.matches(".* 3 calls +[0-9.]+ ns/call"), line);
        }
        assertTrue(lines.get(1 + apis.length).startsWith("checksum "));
        assertEquals(List.of(), lines(err));
    }

    @Test
    void valuesHoldEachWallClockApiAgainstThePreciseClock() throws Exception {
        assertEquals(0, run("--iterations", "2", "--api", "java.lang.System.nanoTime", "--values"));
        List<String> lines = lines(out);
        int first = lines.indexOf("") + 2;
        assertTrue(lines.get(first - 1).startsWith("values against the precise clock"), lines.toString());
        List<String> names = List.of("java.lang.System.currentTimeMillis", "new java.util.Date()",
                "java.time.Instant.now", "java.lang.System.nanoTime");
        for (int i = 0; i < names.size(); i++) {
            String line = lines.get(first + i);
            assertTrue(line.startsWith("  " + names.get(i) + " "), line);
            // Without the agent every value is the precise clock's own: never ahead, never back.
            assertTrue(line.endsWith("later than the precise read after it: 0; earlier than its previous value: 0"),
                    line);
        }
        assertEquals(List.of(), lines(err));
    }

    @Test
    void onlyTheChosenApisAreShown() throws Exception {
        assertEquals(0, run("--iterations", "2", "--api", "java.lang.System.nanoTime"));
        List<String> lines = lines(out);
        assertTrue(lines.get(0).startsWith("demo-app: 1 time API x 2 calls on 1 thread "), lines.get(0));
        assertTrue(lines.get(1).matches("  java.lang.System.nanoTime +2 calls .*"), lines.get(1));
        assertTrue(lines.get(2).startsWith("checksum "));
        // no ThreadMXBean API ran, so no footnote about it
        assertTrue(lines.stream().noneMatch(line -> line.startsWith("* ")));
    }

    @Test
    void holdStaysUntilItsInputEndsAfterTheReport() throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream("anything\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, DemoApp.run(new String[] {"--iterations", "1", "--api", "java.lang.System.nanoTime", "--hold"},
                in, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        List<String> lines = lines(out);
        assertEquals("holding: close stdin to exit", lines.get(lines.size() - 1));
        assertEquals(0, in.available(), "read to the end");
    }
}
