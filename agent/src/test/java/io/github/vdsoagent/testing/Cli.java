package io.github.vdsoagent.testing;

import io.github.vdsoagent.attach.TargetProcess;
import io.github.vdsoagent.protocol.StatusFile;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The CLI: as a user runs it, {@code java -jar vdso-agent.jar ARGS} in a JVM of its own, or its code in this one. */
public final class Cli {
    private Cli() {
    }

    public static JavaProcess run(Object... args) {
        return run(List.of(), args);
    }

    /** {@link #run} with options for the CLI's JVM, such as a class-load log. */
    public static JavaProcess run(List<String> jvmOptions, Object... args) {
        List<String> command = new ArrayList<>(jvmOptions);
        command.addAll(List.of("-jar", JavaProcess.agentJar().toString()));
        Arrays.stream(args).map(String::valueOf).forEach(command::add);
        return JavaProcess.run(command);
    }

    /**
     * The CLI's code from the agent jar, run in this JVM: what {@link #run} does, less a JVM of its own, for a step
     * such as an attach that a test repeats where the CLI process is not what the test is about (a CLI JVM costs 0.4
     * to 0.8 s of CPU here). The jar's launcher and internals are loaded from the jar in class loaders of their own,
     * as the launcher's {@code main} loads them, so the CLI finds its own jar and loads that jar into the target.
     * Not for {@code profile}: its Ctrl-C and countdown belong to a process of its own, and {@code --jfr} needs the
     * exports that {@code java -jar} takes from the jar's manifest. Bounded as a CLI process is
     * ({@link JavaProcess#HANG_GUARD_S}): an attach waits for the target's agentmain without a timeout of its own.
     */
    public static JavaProcess inThisJvm(Object... args) {
        String[] argv = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        FutureTask<Integer> run = new FutureTask<>(() -> {
            Object commandLine = JarCli.COMMAND_LINE.invoke(null, new PrintWriter(out, true), new PrintWriter(err, true),
                    argv);
            return (Integer) JarCli.EXECUTE.invoke(commandLine, (Object) argv);
        });
        Thread thread = new Thread(run, "cli-in-this-jvm " + String.join(" ", argv));
        thread.setDaemon(true);
        thread.start();
        try {
            int exitCode = run.get(JavaProcess.HANG_GUARD_S, TimeUnit.SECONDS);
            return JavaProcess.of(exitCode, out.toString(), err.toString());
        } catch (TimeoutException e) {
            throw new AssertionError("the CLI's " + String.join(" ", argv) + " still ran after "
                    + JavaProcess.HANG_GUARD_S + " s; its output so far: " + out + err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the jar's CLI failed in this JVM", e.getCause());
        }
    }

    /** The jar's CLI, loaded once for the test JVM: its launcher's class loader and the internal one it makes. */
    private static final class JarCli {
        static final Method COMMAND_LINE;
        static final Method EXECUTE;

        static {
            try {
                URLClassLoader jar = new URLClassLoader(new URL[] {JavaProcess.agentJar().toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
                Class<?> launcher = Class.forName("io.github.vdsoagent.launcher.AgentLauncher", true, jar);
                Method internalClass = launcher.getDeclaredMethod("internalClass", String.class); // what main() uses
                internalClass.setAccessible(true);
                Class<?> cli = (Class<?>) internalClass.invoke(null, "io.github.vdsoagent.cli.Cli");
                COMMAND_LINE = cli.getMethod("commandLine", PrintWriter.class, PrintWriter.class, String[].class);
                EXECUTE = COMMAND_LINE.getReturnType().getMethod("execute", String[].class);
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /**
     * {@code report PID ...} run in this JVM, once the agent there listens on its control channel (which it opens
     * last in its set-up, after an attach has returned): a report before then would load the agent's jar again.
     */
    public static JavaProcess reportInThisJvm(long pid, Object... options) throws Exception {
        return toListeningAgentInThisJvm("report", pid, options);
    }

    /** {@code detach PID ...} run in this JVM, as {@link #reportInThisJvm} runs a report. */
    public static JavaProcess detachInThisJvm(long pid, Object... options) throws Exception {
        return toListeningAgentInThisJvm("detach", pid, options);
    }

    private static JavaProcess toListeningAgentInThisJvm(String command, long pid, Object... options) throws Exception {
        Poll.until("the agent in JVM " + pid + " to listen", () -> {
            TargetProcess target = TargetProcess.peek(pid); // its user's and its temporary directory's, as the CLI's
            if (target == null) {
                throw new AssertionError("JVM " + pid + " is gone");
            }
            StatusFile.Status status = StatusFile.read(target.agentDirectory(), target.identity());
            return status != null && status.listening();
        });
        List<Object> args = new ArrayList<>(List.of(command, pid));
        args.addAll(Arrays.asList(options));
        return inThisJvm(args.toArray());
    }

    /** Waits until {@code list} shows the agent in JVM {@code pid} in {@code state} ("active", "detached"). */
    public static void awaitState(long pid, String state) throws Exception {
        Poll.until("the agent in JVM " + pid + " to be " + state, () -> inThisJvm("list").stdout.lines()
                .anyMatch(l -> l.startsWith(pid + " ") && l.contains(state)));
    }
}
