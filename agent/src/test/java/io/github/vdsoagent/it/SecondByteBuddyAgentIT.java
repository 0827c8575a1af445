package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vdsoagent.fixtures.SecondAgent;
import io.github.vdsoagent.fixtures.SecondAgentApp;
import io.github.vdsoagent.fixtures.TimeCalls;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.JavaProcess;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vdso-agent next to another ByteBuddy agent that rewrites the same class, in either order, with and without
 * retransformation: both rewritings take effect (the other agent's advice runs on every invocation, ours counts
 * every call exactly) and the application's output is what it would be.
 */
class SecondByteBuddyAgentIT {

    @ParameterizedTest(name = "second agent first: {0}, retransforming: {1}")
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void bothAgentsRewriteTheSameClass(boolean secondFirst, boolean retransform, @TempDir Path dir) throws Exception {
        Path secondJar = secondAgentJar(dir);
        String second = "-javaagent:" + secondJar + (retransform ? "=retransform" : "");
        Path report = dir.resolve("r.json");
        List<String> args = new ArrayList<>();
        if (Runtime.version().feature() >= 23) {
            args.add("--sun-misc-unsafe-memory-access=allow"); // the other agent's ByteBuddy warns on JDK 24+ without it
        }
        if (secondFirst) {
            args.add(second);
        }
        args.addAll(JavaProcess.withAgent("report=" + report + ",format=json"));
        if (!secondFirst) {
            args.add(second);
        }
        JavaProcess p = JavaProcess.run(args, "-cp", AgentRun.testClasses(), SecondAgentApp.class.getName());
        assertEquals(0, p.exitCode, p::toString);
        assertEquals("invocations=5 sum=true", p.stdout.trim(), "the other agent's advice ran: " + p);
        assertTrue(p.stderr.isEmpty(), p.stderr);
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        long calls = 0;
        for (JsonNode site : json.get("sites")) {
            if (site.get("class").asText().equals(TimeCalls.class.getName()) && site.get("method").asText().equals("nanoTimeLoop")) {
                calls += site.get("calls").asLong();
            }
        }
        assertEquals(5000, calls, "ours counted every call: " + json.get("sites"));
    }

    /** A jar with only a manifest: the agent class comes from the test classes, ByteBuddy from a copy beside it. */
    private static Path secondAgentJar(Path dir) throws Exception {
        Path byteBuddy = Paths.get(ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(byteBuddy, dir.resolve("byte-buddy.jar"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", SecondAgent.class.getName());
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        manifest.getMainAttributes().putValue("Class-Path", "byte-buddy.jar");
        Path jar = dir.resolve("second-agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            // the manifest is all it needs
        }
        return jar;
    }
}
