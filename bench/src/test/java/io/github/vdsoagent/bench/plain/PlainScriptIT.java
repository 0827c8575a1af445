package io.github.vdsoagent.bench.plain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * bench/run-plain.sh, as briefly as it runs: one pair of the loop in main and of the virtual-thread case, one round
 * of 100,000 calls each, with the compilation-log evidence and the same jar as a second build to compare, on the JDK
 * that runs this test. Checks that every run printed its line and the script its summary; the figures themselves
 * mean nothing at this size.
 */
class PlainScriptIT {
    /** Guards against a hung run only; the script takes about 15 s. */
    private static final long HANG_GUARD_SECONDS = 300;

    @Test
    void runsEachCaseAndSumsUpThePairs() throws Exception {
        Path root = Paths.get(System.getProperty("vdsoagent.root"));
        Path out = Paths.get(System.getProperty("vdsoagent.bench.out"));
        assumeTrue(Files.isRegularFile(root.resolve("agent/target/vdso-agent.jar")), "the agent jar is built");
        assumeTrue(Files.isExecutable(Paths.get("/bin/bash")), "bash runs the script");

        ProcessBuilder builder = new ProcessBuilder("/bin/bash", root.resolve("bench/run-plain.sh").toString(),
                "--cases", "main,virtual", "--apis", "nanoTime", "--pairs", "1", "--rounds", "1", "--calls", "100000",
                "--warmup-ms", "0", "--jit", "--compare", root.resolve("agent/target/vdso-agent.jar").toString(),
                "--out", out.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.resolveSibling("plain-it.txt").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Files.createDirectories(out);
        Process script = builder.start();
        assertTrue(script.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "the script finished");
        assertEquals(0, script.exitValue(), read(out.resolveSibling("plain-it.txt")));

        String summary = read(out.resolve("summary.txt"));
        for (String clock : List.of("vdso", "jvm")) {
            assertTrue(summary.matches("(?s).*\n    main +nanoTime +" + clock + " +[0-9.]+x \\[.*"), summary);
            assertTrue(summary.matches("(?s).*\n    main +nanoTime +" + clock + "-cmp +[0-9.]+x \\[.*"), summary);
            assertTrue(summary.matches("(?s).*\n    main +nanoTime +" + clock + " +compared: [0-9.]+x \\[.*"), summary);
            assertTrue(summary.contains("jit " + clock + ": deopt warmup="), summary);
        }
        assertTrue(summary.contains("jit none: deopt warmup="), summary);
        if (Runtime.version().feature() < 21) {
            assertTrue(summary.contains("virtual nanoTime           skipped: JDK " + Runtime.version().feature()
                    + " has no virtual threads"), summary);
        } else {
            assertTrue(summary.matches("(?s).*\n    virtual +nanoTime +vdso +[0-9.]+x \\[.*"), summary);
        }
        List<String> agentRuns = Files.readAllLines(out.resolve("runs.txt")).stream()
                .filter(line -> line.matches(".* config=vdso(-cmp)?") && !line.contains(" skipped="))
                .collect(Collectors.toList());
        assertTrue(agentRuns.stream().anyMatch(line -> line.endsWith("=vdso"))
                && agentRuns.stream().anyMatch(line -> line.endsWith("=vdso-cmp"))
                && agentRuns.stream().allMatch(line -> line.matches(".* backend=(jni|ffm) .*")),
                "both builds' runs read through the vDSO: " + String.join("\n", agentRuns));
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
