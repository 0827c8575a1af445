package io.github.vdsoagent.launcher;

import io.github.vdsoagent.boot.OwnerCheck;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.jar.JarFile;

/**
 * The agent jar's entry points: {@code premain} (-javaagent), {@code agentmain} (dynamic attach) and {@code main}
 * (the CLI). This class is loaded by the application's class loader, so it stays tiny and dependency-free: it
 * puts the clock stub ({@code io.github.vdsoagent.boot}) into the boot class loader, where every class loader can
 * see it, and hands over to the agent proper, which runs in its own {@link InternalClassLoader}.
 */
public final class AgentLauncher {
    private static final String AGENT_ENTRY = "io.github.vdsoagent.agent.LauncherEntry";
    private static final String CLI_ENTRY = "io.github.vdsoagent.cli.Cli";
    private static final String BOOT_PROBE = "io.github.vdsoagent.boot.ClockStub";

    private static ClassLoader internalLoader;

    private AgentLauncher() {
    }

    public static void premain(String options, Instrumentation instrumentation) {
        startAgent(options, instrumentation, false);
    }

    public static void agentmain(String options, Instrumentation instrumentation) {
        startAgent(options, instrumentation, true);
    }

    public static void main(String[] args) {
        int exitCode;
        try {
            Method run = internalClass(CLI_ENTRY).getMethod("run", String[].class);
            exitCode = (Integer) run.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            System.err.println("vdso-agent: " + describe(e.getCause()));
            exitCode = 1;
        } catch (Exception | LinkageError e) {
            System.err.println("vdso-agent: the jar is incomplete or damaged: " + describe(e));
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    /** Never throws: an agent that fails to start must leave the application running as if it were absent. */
    private static void startAgent(String options, Instrumentation instrumentation, boolean dynamic) {
        try {
            defineStubInBootLoader(instrumentation);
            internalClass(AGENT_ENTRY); // initializing it registers it with AgentHandoff
            AgentHandoff.entry(AGENT_ENTRY).start(options, instrumentation, dynamic);
        } catch (Throwable e) {
            System.err.println("vdso-agent: not started: " + describe(e));
        }
    }

    private static void defineStubInBootLoader(Instrumentation instrumentation) throws Exception {
        if (BootStubDefiner.isDefined(BOOT_PROBE)) {
            return; // an earlier attach in this JVM did it
        }
        File jar = agentJar();
        if (jar == null) {
            throw new IllegalStateException("the agent must be started from vdso-agent.jar");
        }
        try (JarFile jarFile = new JarFile(jar, false)) {
            BootStubDefiner.defineAll(instrumentation, jarFile);
        }
    }

    private static synchronized Class<?> internalClass(String name) throws Exception {
        if (internalLoader == null) {
            File jar = agentJar();
            // Run from a class directory (the agent's own tests): the classes are all on one class path already.
            internalLoader = jar == null
                    ? AgentLauncher.class.getClassLoader()
                    : new InternalClassLoader(jar, AgentLauncher.class.getClassLoader());
            OwnerCheck.claim(internalLoader);
        }
        return Class.forName(name, true, internalLoader);
    }

    /** The jar this class came from, or null when it was loaded from a directory. */
    private static File agentJar() throws URISyntaxException {
        CodeSource source = AgentLauncher.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        File file = new File(source.getLocation().toURI());
        return file.isFile() ? file : null;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isEmpty() ? e.getClass().getName() : message;
    }
}
