package io.github.vdsoagent.testing;

import io.github.vdsoagent.attach.TargetProcess;
import io.github.vdsoagent.protocol.StatusFile;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The CLI as a user runs it: {@code java -jar vdso-agent.jar ARGS}, a separate JVM. */
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
     * The CLI's own code run in this JVM, for a look a test repeats (a poll, a report every cycle) where the CLI
     * process is not what the test is about: a CLI JVM costs 0.4 to 0.6 s of CPU here, and the suite's time is CPU.
     * Only for commands that need no jar of the CLI's own (list, or report to an agent that listens: see
     * {@link #reportInThisJvm}); {@link #run} is the CLI as a user runs it.
     */
    public static JavaProcess inThisJvm(Object... args) {
        String[] argv = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = io.github.vdsoagent.cli.Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                argv).execute(argv);
        return JavaProcess.of(exitCode, out.toString(), err.toString());
    }

    /**
     * {@code report PID ...} run in this JVM, once the agent there listens on its control channel (which it opens
     * last in its set-up, after an attach has returned): until then a report would load the agent's jar again,
     * which this JVM, running from the build's classes, does not have.
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
