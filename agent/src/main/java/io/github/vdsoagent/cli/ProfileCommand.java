package io.github.vdsoagent.cli;

import io.github.vdsoagent.attach.AgentChannel;
import io.github.vdsoagent.attach.CommandResult;
import io.github.vdsoagent.attach.TargetException;
import io.github.vdsoagent.attach.TargetProcess;
import io.github.vdsoagent.attach.TargetRecording;
import io.github.vdsoagent.files.ReplaceableFile;
import io.github.vdsoagent.host.ProcessIdentity;
import io.github.vdsoagent.options.AgentOption;
import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.protocol.Answer;
import io.github.vdsoagent.protocol.Command;
import io.github.vdsoagent.protocol.Exchange;
import io.github.vdsoagent.protocol.Request;
import io.github.vdsoagent.protocol.StatusFile;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.github.vdsoagent.files.PlainFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code profile PID --duration D}: a timed session. The agent (attached now, or the one there, counting afresh)
 * counts for exactly D, then ends the session by itself and leaves its final report for this command, which waits
 * with a countdown. Ctrl-C ends it early and still reports. The session does not depend on this process: killed,
 * the agent notices and ends the session. While it runs the agent writes its report every second, so a target that
 * exits mid-session still leaves what was gathered.
 */
@CommandLine.Command(name = "profile", mixinStandardHelpOptions = true,
        header = "Attaches, collects for a duration, reports and detaches.",
        description = "Attaches (or reuses the agent), counts afresh for exactly the duration with a countdown on a"
            + " terminal, prints the report and detaches. Ctrl-C ends early and still reports; if the target exits,"
            + " prints what was gathered, says so and exits with 1.")
final class ProfileCommand extends TargetCommand implements Callable<Integer> {
    /** How long past the duration this command waits for the agent's final report before it gives up. */
    private static final long GRACE_NANOS = 30_000_000_000L;
    /** How long a status that says the session ended elsewhere may stand before this command believes it. */
    private static final long ENDED_ELSEWHERE_NANOS = 5_000_000_000L;
    private static final List<AgentOption> OWN_OPTIONS = List.of(
            AgentOption.REPORT, AgentOption.INTERVAL,
            AgentOption.FORMAT, AgentOption.TOP);

    @Option(names = "--duration", required = true, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to collect: 500ms, 30s, 5m, 1h.")
    Duration duration;

    @Mixin
    ReportOutputOptions output;

    @Option(names = "--jfr", paramLabel = "FILE", description = "Also record the target with JDK Flight Recorder for"
            + " the duration (the JDK's profile settings and the agent's events) and write the recording to FILE (a"
            + " regular file or a new path, replaced atomically, owner-only).")
    Path jfr;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OPTIONS", defaultValue = "",
            description = "Agent options (include=, exclude=, clock=, log=, ...); the report options are this command's.")
    String options;

    private final Object finishing = new Object();
    private boolean finished;
    private TargetRecording recording;

    @Override
    public Integer call() throws TargetException {
        output.check(spec.commandLine());
        String refused = jfr == null ? null : ReplaceableFile.whyNot(jfr.toAbsolutePath());
        if (refused != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jfr " + refused);
        }
        AgentOptions agentOptions = TargetOptions.parse(options, spec.commandLine());
        for (AgentOption own : OWN_OPTIONS) {
            if (agentOptions.gave(own)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        own.key() + "= is set by profile itself: use --out, --format and --top");
            }
        }
        String sessionOptions = output.withOwnOptions(agentOptions, spec.commandLine()).toString();
        TargetProcess target = TargetProcess.check(pid);
        Request request = new Request(Command.PROFILE, sessionOptions, duration, ProcessIdentity.self());
        try (Exchange exchange = AgentChannel.open(target, request)) {
            if (jfr != null) { // before the session, so that the recording holds all of it, its start included
                recording = TargetRecording.start(target, exchange, duration, Duration.ofNanos(GRACE_NANOS));
            }
            CommandResult started;
            try {
                started = send(target, exchange);
            } catch (TargetException e) {
                if (recording != null) {
                    recording.discard();
                }
                throw e;
            }
            exchange.onSignalFirst(new EndEarly(target, exchange)); // from now on there is a session for Ctrl-C to end
            return awaitEnd(target, exchange, started.fact("since"));
        }
    }

    /** Waits, with a countdown on a terminal, for the agent's final report, the target's exit, or Ctrl-C. */
    private int awaitEnd(TargetProcess target, Exchange exchange, String since) throws TargetException {
        long start = System.nanoTime();
        long giveUp = start + duration.toNanos() + GRACE_NANOS;
        boolean terminal = System.console() != null;
        long endedElsewhereSince = 0;
        while (!Answer.isThere(exchange.directory(), Answer.Kind.PROFILE_END)) {
            long now = System.nanoTime();
            if (!target.isAlive()) {
                return finish(target, exchange, false);
            }
            if (now > giveUp) {
                throw new TargetException("the agent in JVM " + pid + " did not end the profile within "
                        + (duration.toSeconds() + GRACE_NANOS / 1_000_000_000L) + " s");
            }
            boolean ours = sessionStillOurs(target, since);
            endedElsewhereSince = ours ? 0 : endedElsewhereSince == 0 ? now : endedElsewhereSince;
            if (endedElsewhereSince != 0 && now - endedElsewhereSince > ENDED_ELSEWHERE_NANOS) {
                throw new TargetException("the profile in JVM " + pid + " was ended or replaced by another command");
            }
            if (terminal) {
                long left = Math.max(0, start + duration.toNanos() - now);
                err().printf("\rvdso-agent: profiling JVM %d, %d s left ", pid, (left + 999_999_999L) / 1_000_000_000L);
                err().flush();
            }
            sleep(Math.min(200, Math.max(5, (start + duration.toNanos() - now) / 1_000_000)));
        }
        if (terminal) {
            err().print("\r" + " ".repeat(60) + "\r");
            err().flush();
        }
        return finish(target, exchange, true);
    }

    /** Whether the target's status still shows the session this profile started (or shows none at all). */
    private static boolean sessionStillOurs(TargetProcess target, String since) {
        StatusFile.Status status = StatusFile.read(target.agentDirectory(), target.identity());
        return status == null || (StatusFile.ACTIVE.equals(status.state()) && status.since().equals(since));
    }

    /**
     * Reports once, whichever comes first: the agent's end of the profile, Ctrl-C, or the target's exit. Returns the
     * exit code: 0 with the final report, 1 when the target went away (with its last report, if it wrote one).
     */
    private int finish(TargetProcess target, Exchange exchange, boolean ended) {
        synchronized (finishing) {
            if (finished) {
                return Cli.OK;
            }
            finished = true;
            int code = report(target, exchange, ended);
            return recording == null ? code : Math.max(code, writeRecording());
        }
    }

    /** The recording, stopped once the session has ended (its last events are in it), to the --jfr file. */
    private int writeRecording() {
        try {
            long bytes = recording.stopInto(jfr);
            err().println("vdso-agent: wrote the JFR recording to " + jfr + " (" + bytes + " bytes)");
            return Cli.OK;
        } catch (TargetException e) {
            err().println("vdso-agent: " + e.getMessage());
            return Cli.TARGET_PROBLEM;
        }
    }

    /** The session's report: the agent's final one, the detach's after Ctrl-C, or the last interim one. */
    private int report(TargetProcess target, Exchange exchange, boolean ended) {
        try {
            if (ended) {
                Answer end = AgentChannel.read(exchange, target, Answer.Kind.PROFILE_END);
                return deliverEnd(end);
            }
            if (target.isAlive()) {
                CommandResult result = send(target, Command.DETACH, output.agentOptions());
                deliver(result.report(), output.out);
                err().println("vdso-agent: profile of JVM " + pid + " ended early; " + result.message());
                return Cli.OK;
            }
        } catch (TargetException e) {
            if (target.isAlive()) {
                err().println("vdso-agent: " + e.getMessage());
                return Cli.TARGET_PROBLEM;
            }
        }
        return deliverLastInterim(exchange);
    }

    private int deliverEnd(Answer end) throws TargetException {
        for (String line : end.log()) {
            err().println(line);
        }
        if (!end.ok()) {
            throw new TargetException(end.message());
        }
        deliver(end.report(), output.out);
        err().println("vdso-agent: profiled JVM " + pid + " for " + end.fact("windowMs") + " ms; " + end.message());
        return Cli.OK;
    }

    /** The target exited mid-session: its last periodic report, if any, and exit code 1 either way. */
    private int deliverLastInterim(Exchange exchange) {
        Path interim = exchange.directory().resolve(Exchange.INTERIM_REPORT);
        try {
            String last = PlainFile.read(interim, Integer.MAX_VALUE - 8);
            if (last == null) {
                err().println("vdso-agent: JVM " + pid + " exited during the profile, before it wrote any report");
                return Cli.TARGET_PROBLEM;
            }
            deliver(last, output.out);
            err().println("vdso-agent: JVM " + pid + " exited during the profile; above is the last report it wrote");
        } catch (IOException | TargetException e) {
            err().println("vdso-agent: JVM " + pid + " exited and its last report could not be read: " + e.getMessage());
        }
        return Cli.TARGET_PROBLEM;
    }

    private static void sleep(long ms) throws TargetException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted", e);
        }
    }

    /** Ctrl-C: the session ends now, with its report, before the exchange goes. */
    private final class EndEarly implements Runnable {
        private final TargetProcess target;
        private final Exchange exchange;

        EndEarly(TargetProcess target, Exchange exchange) {
            this.target = target;
            this.exchange = exchange;
        }

        @Override
        public void run() {
            finish(target, exchange, Answer.isThere(exchange.directory(), Answer.Kind.PROFILE_END));
        }
    }
}
