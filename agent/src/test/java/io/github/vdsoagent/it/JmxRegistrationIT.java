package io.github.vdsoagent.it;

import io.github.vdsoagent.fixtures.EagerJmxAgent;
import io.github.vdsoagent.fixtures.OwnLogManagerApp;
import io.github.vdsoagent.fixtures.logging.AppLogManager;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.Poll;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the agent registers its MBeans: as the last set-up stage, never at premain, and never before an application
 * that sets up java.util.logging its own way has done so (the platform MBean server's first use initializes
 * LogManager); not at all with {@code jmx=off}.
 */
class JmxRegistrationIT {
    private static final String AGENT_BEAN = "io.github.vdsoagent:type=Agent";
    private static final String JDK_LOG_MANAGER = "java.util.logging.LogManager";
    /** What LogManager prints when it cannot load the class java.util.logging.manager names. */
    private static final String LOG_MANAGER_LOST = "Could not load Logmanager";

    /**
     * startdelay=0: the set-up, the MBeans' stage with it, is due at once, three seconds before the application
     * makes its LogManager loadable (one was too few for JDK 25's set-up beside other classes' JVMs). The agent waits
     * for it, and registers its beans after.
     */
    @Test
    void anApplicationThatSetsUpItsOwnLogManagerLateKeepsIt(@TempDir Path dir) throws IOException {
        JavaProcess run = runApp(dir, JavaProcess.withAgent("startdelay=0,report=none,log=info"), 3000, true);
        assertEquals(0, run.exitCode, run::toString);
        assertTrue(run.stdout.contains("log manager: " + AppLogManager.class.getName()), run::toString);
        assertTrue(run.stdout.contains("agent bean: registered"), run::toString);
        assertFalse(run.stderr.contains(LOG_MANAGER_LOST), run::toString);
        assertTrue(run.stderr.contains("JMX: java.util.logging.manager=" + AppLogManager.class.getName()
                + " is not on the class path"), () -> "the agent says why its beans wait\n" + run);
    }

    /** The same application with the default startdelay=1s, its logging set up half a second after that. */
    @Test
    void anApplicationThatSetsUpItsLogManagerAfterTheStartDelayKeepsIt(@TempDir Path dir) throws IOException {
        JavaProcess run = runApp(dir, JavaProcess.withAgent("report=none"), 1500, true);
        assertEquals(0, run.exitCode, run::toString);
        assertTrue(run.stdout.contains("log manager: " + AppLogManager.class.getName()), run::toString);
        assertTrue(run.stdout.contains("agent bean: registered"), run::toString);
        assertFalse(run.stderr.contains(LOG_MANAGER_LOST), run::toString);
    }

    /** The control: an agent that uses the MBean server at premain costs the application its LogManager. */
    @Test
    void anMBeanServerAtPremainCostsTheApplicationItsLogManager(@TempDir Path dir) throws IOException {
        Path eager = oneClassAgent(dir, EagerJmxAgent.class);
        JavaProcess run = runApp(dir, List.of("-javaagent:" + eager), 0, false);
        assertEquals(0, run.exitCode, run::toString);
        assertTrue(run.stdout.contains("log manager: " + JDK_LOG_MANAGER), run::toString);
        assertTrue(run.stderr.contains(LOG_MANAGER_LOST), run::toString);
    }

    /**
     * jmx=off: once every set-up stage has run (log=debug names each; the control channel is the last without the
     * MBeans' stage), no bean is there. jmx=on: the MBeans' stage runs last and the bean is there.
     */
    @Test
    void jmxOffRegistersNothingAndJmxOnRegistersAfterTheOtherStages() throws Exception {
        try (TargetJvm off = TargetJvm.start(agentOption("jmx=off,startdelay=0,log=debug"))) {
            Poll.until("the set-up's last stage", () -> off.stderr().contains("set-up: control channel in"));
            assertFalse(off.stderr().contains("set-up: jmx"), off::stderr);
            assertEquals("absent", off.ask("mbean " + AGENT_BEAN));
        }
        try (TargetJvm on = TargetJvm.start(agentOption("startdelay=0,log=debug"))) {
            Poll.until("the MBeans' stage", () -> on.stderr().contains("set-up: jmx in"));
            assertEquals("registered", on.ask("mbean " + AGENT_BEAN));
        }
    }

    private static String[] agentOption(String options) {
        List<String> args = JavaProcess.withAgent(options);
        return args.toArray(new String[0]);
    }

    /**
     * Runs {@link OwnLogManagerApp} with its LogManager's class in a directory of its own, off the class path, and
     * the fixture itself alone on it.
     */
    private static JavaProcess runApp(Path dir, List<String> agent, long setUpAfterMs, boolean waitForBeans)
            throws IOException {
        Path classPath = dir.resolve("app");
        Path own = dir.resolve("own");
        copyClass(OwnLogManagerApp.class, classPath);
        copyClass(AppLogManager.class, own);
        List<String> args = new ArrayList<>(agent);
        args.add("-Djava.util.logging.manager=" + AppLogManager.class.getName());
        args.addAll(List.of("-cp", classPath.toString(), OwnLogManagerApp.class.getName(), own.toString(),
                Long.toString(setUpAfterMs), Boolean.toString(waitForBeans)));
        return JavaProcess.run(args);
    }

    private static void copyClass(Class<?> type, Path root) throws IOException {
        String entry = type.getName().replace('.', '/') + ".class";
        Path to = root.resolve(entry);
        Files.createDirectories(to.getParent());
        Files.copy(Path.of(AgentRun.testClasses(), entry), to);
    }

    private static Path oneClassAgent(Path dir, Class<?> premainClass) throws IOException {
        Path jar = dir.resolve(premainClass.getSimpleName() + ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", premainClass.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            String entry = premainClass.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(entry));
            OutputStream body = out;
            Files.copy(Path.of(AgentRun.testClasses(), entry), body);
            out.closeEntry();
        }
        return jar;
    }
}
