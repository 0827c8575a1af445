package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar vdso-agent.jar vdso} as a user runs it, checked against readelf and the kernel's maps. */
class VdsoCommandIT {
    private static final Pattern READELF_SYMBOL =
            Pattern.compile("^\\s*\\d+:\\s+([0-9a-f]+)\\s+\\d+\\s+FUNC\\s+(GLOBAL|WEAK)\\s+\\S+\\s+\\d+\\s+([^@\\s]+)@@?(\\S+)");

    @Test
    void jsonDescribesThisJvmsVdsoAndClocksAndTheDumpReadsBackUnderReadelf(@TempDir Path dir) throws Exception {
        Path dump = dir.resolve("vdso.so");
        JavaProcess p = JavaProcess.run("-jar", JavaProcess.agentJar().toString(), "vdso", "--format", "json", "--dump",
                dump.toString());
        assertEquals(0, p.exitCode, p::toString);
        assertTrue(p.stderr.isEmpty(), "no warnings, also on JDK 25 (the jar's manifest grants native access): " + p.stderr);
        JsonNode json = new ObjectMapper().readTree(p.stdout);
        assertEquals(JavaProcess.expectedVdsoBackend(), json.get("backend").asText(), json.toString());
        JsonNode vdso = json.get("vdso");
        JsonNode vdsoMap = null;
        for (JsonNode map : vdso.get("maps")) {
            if (map.get("name").asText().equals("[vdso]")) {
                vdsoMap = map;
            }
        }
        assertEquals(vdsoMap.get("start").asText(), vdso.get("base").asText(), "base is where [vdso] is mapped");
        assertEquals("r-xp", vdsoMap.get("perms").asText());

        Set<String> fromJson = new TreeSet<>();
        for (JsonNode symbol : vdso.get("symbols")) {
            fromJson.add(symbol.get("name").asText() + "@" + symbol.get("version").asText() + " " + symbol.get("offset").asText());
        }
        if (json.get("arch").asText().equals("x86_64")) {
            assertEquals("__vdso_clock_gettime", vdso.get("clockGettime").get("name").asText());
            assertEquals("LINUX_2.6", vdso.get("clockGettime").get("version").asText());
        }
        String clockGettime = vdso.get("clockGettime").get("name").asText();
        JsonNode symbol = null;
        for (JsonNode candidate : vdso.get("symbols")) {
            if (candidate.get("name").asText().equals(clockGettime)) {
                symbol = candidate;
            }
        }
        long base = Long.decode(vdso.get("base").asText());
        assertEquals(base + Long.decode(symbol.get("offset").asText()), Long.decode(vdso.get("clockGettime").get("address").asText()),
                "the bound address is the image base plus the symbol's offset");
        everyClockIsTimedThroughBothPaths(json); // before readelf, whose absence skips the rest
        assertEquals(readelfSymbols(dump), fromJson, "the dumped image, read by readelf, exports the same functions");
    }

    /**
     * Every clock id is timed through both paths, beside the JVM's own calls. What the timings say is the kernel
     * check's to judge (their size on this host is BENCHMARKS.md's, not a test's: a shared host bends them).
     */
    private static void everyClockIsTimedThroughBothPaths(JsonNode json) {
        assertEquals(12, json.get("clocks").size());
        for (JsonNode clock : json.get("clocks")) {
            if (clock.get("name").asText().matches("CLOCK_(REALTIME|MONOTONIC|THREAD_CPUTIME_ID)")) {
                assertTrue(clock.get("vdsoNs").asDouble() > 0 && clock.get("syscallNs").asDouble() > 0, clock.toString());
            }
        }
        assertTrue(json.get("jvm").get("nanoTimeNs").asDouble() > 0);
        assertTrue(json.get("jvm").get("currentTimeMillisNs").asDouble() > 0);
    }

    /** Its help and usage errors are CliTest's, in-process; a usage error's exit code from the jar, AttachErrorsIT's. */
    @Test
    void textOutput() {
        JavaProcess text = JavaProcess.run("-jar", JavaProcess.agentJar().toString(), "vdso");
        assertEquals(0, text.exitCode, text::toString);
        assertTrue(text.stdout.contains("[vdso]") && text.stdout.contains("CLOCK_MONOTONIC"), text.stdout);
    }

    private static Set<String> readelfSymbols(Path image) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/readelf")), "readelf (binutils) is not installed");
        JavaProcess readelf = JavaProcess.exec(List.of("readelf", "--dyn-syms", "-V", "-W", image.toString()), 30);
        assertEquals(0, readelf.exitCode, readelf::toString);
        Set<String> symbols = new TreeSet<>();
        for (String line : readelf.stdout.split("\n")) {
            Matcher m = READELF_SYMBOL.matcher(line);
            if (m.find()) {
                symbols.add(m.group(3) + "@" + m.group(4) + " 0x" + Long.toHexString(Long.parseUnsignedLong(m.group(1), 16)));
            }
        }
        return symbols;
    }
}
