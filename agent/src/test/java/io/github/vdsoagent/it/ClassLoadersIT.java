package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vdsoagent.fixtures.EarlyLoaded;
import io.github.vdsoagent.fixtures.LoaderApp;
import io.github.vdsoagent.fixtures.PreloadAgent;
import io.github.vdsoagent.fixtures.TimeCalls;
import io.github.vdsoagent.testing.AgentRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Classes in every kind of class loader are rewritten and counted: the application's, a child-first one, one whose
 * only parent is the boot loader (it can see nothing but the JDK and the boot-loaded stub), and a class that was
 * loaded before the agent started. include= and exclude= choose among them.
 */
class ClassLoadersIT {
    private static final int N = 5_000;
    private static Path preloadAgent;

    @BeforeAll
    static void buildPreloadAgent(@TempDir Path dir) throws IOException {
        preloadAgent = dir.resolve("preload-agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", PreloadAgent.class.getName());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(preloadAgent), manifest)) {
            String entry = PreloadAgent.class.getName().replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(entry));
            try (OutputStream out = jar) {
                Files.copy(Path.of(AgentRun.testClasses(), entry), out);
            }
        }
    }

    @Test
    void everyLoaderKindIsCountedExactly(@TempDir Path dir) throws Exception {
        AgentRun run = runLoaderApp(dir, "");
        List<JsonNode> loops = sitesOf(run, TimeCalls.class.getName());
        assertEquals(3, loops.size(), "one site per copy of the class: app, child-first, boot-parented: " + loops);
        for (JsonNode site : loops) {
            assertEquals(N, site.get("calls").asLong(), site.toString());
        }
        List<JsonNode> early = sitesOf(run, EarlyLoaded.class.getName());
        assertEquals(1, early.size(), "the class loaded before the agent started was rewritten");
        assertEquals(N, early.get(0).get("calls").asLong());
    }

    @Test
    void excludeLeavesClassesAlone(@TempDir Path dir) throws Exception {
        AgentRun run = runLoaderApp(dir, "exclude=io.github.vdsoagent.fixtures.Early*");
        assertTrue(sitesOf(run, EarlyLoaded.class.getName()).isEmpty());
        assertEquals(3, sitesOf(run, TimeCalls.class.getName()).size());
    }

    @Test
    void includeKeepsOnlyMatchingClasses(@TempDir Path dir) throws Exception {
        AgentRun run = runLoaderApp(dir, "include=io.github.vdsoagent.fixtures.EarlyLoaded");
        assertTrue(sitesOf(run, TimeCalls.class.getName()).isEmpty());
        assertEquals(N, sitesOf(run, EarlyLoaded.class.getName()).get(0).get("calls").asLong());
    }

    private static AgentRun runLoaderApp(Path dir, String options) throws IOException {
        AgentRun run = AgentRun.run(List.of("-javaagent:" + preloadAgent), dir.resolve("report.json"),
                options.isEmpty() ? "top=100" : "top=100," + options,
                "-cp", AgentRun.testClasses(), LoaderApp.class.getName(), Integer.toString(N));
        assertEquals(0, run.process.exitCode, run.process::toString);
        assertTrue(run.process.stdout.contains("LoaderApp done true"), run.process::toString);
        return run;
    }

    private static List<JsonNode> sitesOf(AgentRun run, String className) {
        return run.sites().stream().filter(s -> s.get("class").asText().equals(className)).collect(Collectors.toList());
    }
}
