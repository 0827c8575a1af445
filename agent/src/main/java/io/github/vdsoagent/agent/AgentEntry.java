package io.github.vdsoagent.agent;

import io.github.vdsoagent.count.SiteRegistry;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.instrument.TransformStats;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.nativelib.NativeHelperFile;
import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.options.OptionException;
import io.github.vdsoagent.report.ReportOutput;
import org.slf4j.Logger;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the launcher hands over, inside the agent's own class loader, for -javaagent and for every command the CLI
 * sends through the attach mechanism (attach, report, reset, detach, status). At most one session is active in a
 * JVM; detaching ends it and a later attach starts another. Bad options leave the agent inert with one line on
 * stderr (or in the CLI's reply); nothing here may throw into the host.
 */
public final class AgentEntry {
    private static final Logger log = AgentLog.get(AgentEntry.class);
    /** How long the exit hook waits for a command in progress before it lets the JVM exit without a report. */
    private static final long EXIT_LOCK_WAIT_MS = 10_000;
    /** Held by every command and by the exit hook: one at a time. */
    private static final ReentrantLock LOCK = new ReentrantLock();
    /** How long a report asked for by the CLI waits for it. */
    private static final long COMMAND_SETUP_WAIT_MS = 5000;

    private static final AgentFiles FILES = new AgentFiles();
    /** Call sites outlive sessions: a class rewritten again keeps its sites' ids. */
    private static final SiteRegistry SITES = new SiteRegistry();
    private static Session session;
    private static PeriodicReports periodic;
    /** Set by the first start in this JVM, for the commands that arrive later through the control channel. */
    private static Instrumentation instrumentation;

    private AgentEntry() {
    }

    public static void start(String text, Instrumentation given, boolean dynamic) {
        LOCK.lock();
        try {
            startLocked(text, given, dynamic);
        } finally {
            LOCK.unlock();
        }
    }

    private static void startLocked(String text, Instrumentation given, boolean dynamic) {
        ControlRequest request;
        AgentOptions options;
        try {
            request = ControlRequest.parse(text, dynamic);
            options = AgentOptions.parse(request.options());
        } catch (OptionException e) {
            stderr("vdso-agent: " + e.getMessage() + "; the agent is inactive and the application runs unmodified");
            return;
        }
        if (!dynamic && JdkTools.isOne()) {
            return;
        }
        AgentLog.setLevel(options.log());
        if (!dynamic && instrumentation == null && options.report() != AgentOptions.ReportTarget.NONE) {
            ClockSetup.readyExitReportAhead();
        }
        if (instrumentation == null && !firstStart(given, Session.remainingDelay(options.startDelay(), !dynamic))) {
            try (Reply reply = Reply.to(request.replyDir())) {
                reply.fail("JVM " + HostFacts.pid() + " is shutting down: the agent was not started");
            } catch (IOException e) {
                // the CLI then says the agent did not answer
            }
            return;
        }
        try (Reply reply = Reply.to(request.replyDir())) {
            try {
                run(request.command(), options, reply, dynamic);
            } catch (RuntimeException | LinkageError e) {
                log.warn("{} failed", request.command().name().toLowerCase(Locale.ROOT), e);
                reply.fail(e.toString());
            }
        } catch (IOException e) {
            log.warn("could not answer the CLI", e);
        }
    }

    /**
     * What the first start in a JVM sets up for all later ones: the exit hook, and, off the start-up path and once
     * {@code wait} has passed, the control channel and the status file that announces it (until then the CLI reaches
     * the agent through the attach mechanism). False if the JVM is already shutting down.
     */
    private static boolean firstStart(Instrumentation given, Duration wait) {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(new ExitHook(), "vdso-agent-exit"));
        } catch (IllegalStateException shuttingDown) {
            return false; // attached while the JVM runs its shutdown hooks: nothing left to instrument
        }
        instrumentation = given;
        Thread opener = new Thread(new ControlChannelOpener(wait), "vdso-agent-control-setup");
        opener.setDaemon(true);
        opener.start();
        return true;
    }

    private static void openControlChannel() {
        FILES.openChannel(request -> start(request, instrumentation, true));
        LOCK.lock();
        try {
            writeStatus();
        } finally {
            LOCK.unlock();
        }
    }

    /** The status file, for the CLI's list and its control channel; called with LOCK held. */
    private static void writeStatus() {
        if (session != null) {
            FILES.writeStatus("active", session.options().toString(), session.startedAt());
        } else {
            FILES.writeStatus("detached", "", null);
        }
    }

    private static void run(ControlRequest.Command command, AgentOptions options, Reply reply, boolean dynamic) {
        switch (command) {
            case START:
            case ATTACH:
                attach(options, reply, !dynamic);
                break;
            case STATUS:
                reply.fact("state", session == null ? "detached" : "active");
                if (session != null) {
                    reply.fact("since", session.startedAt()).fact("options", session.options());
                }
                reply.ok(session == null ? "loaded, not active" : "active since " + session.startedAt());
                break;
            case REPORT:
            case RESET:
            case DETACH:
                if (session == null) {
                    reply.fail("the agent is loaded in JVM " + HostFacts.pid()
                            + " but not active (detached): attach first");
                } else if (command == ControlRequest.Command.RESET) {
                    session.reset();
                    reply.ok("counting afresh from " + session.startedAt());
                } else {
                    answerWithReport(command == ControlRequest.Command.DETACH, options, reply);
                }
                break;
            default:
                throw new IllegalStateException(command.toString());
        }
    }

    /** @param atJvmStart whether this is the -javaagent start, in premain */
    private static void attach(AgentOptions options, Reply reply, boolean atJvmStart) {
        if (session != null && session.options().toString().equals(options.toString())) {
            reply.fact("reused", true);
            describe(reply, "already active since " + session.startedAt() + " with the same options", Duration.ZERO);
            return;
        }
        String changed = "";
        if (session != null) {
            changed = "options changed from " + session.options() + "; ";
            end(session);
        }
        Session started = new Session(options, instrumentation, SITES);
        Duration took = started.start(atJvmStart);
        session = started;
        if (options.interval() != null) {
            periodic = PeriodicReports.start(started, () -> writeReport(started, 0, 0));
        }
        writeStatus(); // not before the control channel is open: at start-up its opener writes it, off the start-up path
        describe(reply, changed + "attached", took);
    }

    private static void describe(Reply reply, String what, Duration took) {
        TransformStats stats = session.transformStats();
        reply.fact("classesRewritten", stats.classesRewritten()).fact("sitesFound", stats.sitesFound())
                .fact("classesFailed", stats.classesFailed()).fact("rewriteMs", took.toMillis())
                .fact("since", session.startedAt()).fact("options", session.options());
        reply.ok(what);
        if (!reply.toCli()) {
            log.info("{}: {} classes rewritten, {} call sites, in {} ms", what, stats.classesRewritten(),
                    stats.sitesFound(), took.toMillis());
        }
    }

    /** The report now; for detach, the final report, after the original bytecode is back. */
    private static void answerWithReport(boolean detach, AgentOptions requested, Reply reply) {
        Session current = session;
        int restored = -1;
        if (detach) {
            restored = end(current);
        }
        Session.Report report = current.collect(COMMAND_SETUP_WAIT_MS, COMMAND_SETUP_WAIT_MS, requested.top());
        try {
            reply.report(ReportOutput.render(report.host, report.calls, requested.format()));
        } catch (IOException e) {
            reply.fail("could not write the report: " + e.getMessage());
            return;
        }
        if (detach) {
            reply.fact("classesRestored", restored);
            reply.ok("detached: " + restored + " classes restored");
        } else {
            reply.ok("report of " + report.calls.durationMs() + " ms");
        }
    }

    /** Ends a session: no more periodic reports, original bytecode back. */
    private static int end(Session ending) {
        if (periodic != null) {
            periodic.stop();
            periodic = null;
        }
        int restored = ending.stop();
        session = null;
        writeStatus();
        return restored;
    }

    /**
     * The exit hook. It waits a bounded time for a command still running (an attach that raced the exit): a
     * shutdown hook that blocked would keep the host JVM from ever exiting.
     */
    private static void atExit() {
        try {
            FILES.removeAtExit(); // first: even an exit that cannot wait for a command in progress leaves none behind
        } catch (RuntimeException e) {
            log.debug("could not remove the status or the control channel", e);
        }
        try {
            if (!LOCK.tryLock(EXIT_LOCK_WAIT_MS, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        try {
            atExitLocked();
        } finally {
            LOCK.unlock();
        }
    }

    private static void atExitLocked() {
        NativeHelperFile.deleteAllAtExit();
        if (periodic != null) {
            periodic.stop();
            periodic = null;
        }
        if (session != null && session.options().report() != AgentOptions.ReportTarget.NONE) {
            // A short-lived JVM's report names the path its calls took and leaves the clocks' timings out if they
            // are not ready, rather than delay the exit by the clock setup.
            try {
                session.exiting();
            } catch (RuntimeException | LinkageError e) {
                log.warn("could not end the session's counting for its last report", e);
            }
            writeReport(session, 0, 0);
        }
    }

    private static void writeReport(Session reported, long setupWaitMs, long calibrationWaitMs) {
        try {
            Session.Report report = reported.collect(setupWaitMs, calibrationWaitMs, reported.options().top());
            ReportOutput.deliver(reported.options().report(), reported.options().format(), report.host, report.calls);
        } catch (IOException | RuntimeException e) {
            log.warn("could not write the report to {}", reported.options().report(), e);
        }
    }

    private static void stderr(String line) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        err.println(line);
    }

    // Classes, not method references: at premain, each lambda's first use spins a class (~1 ms on JDK 25).

    private static final class ExitHook implements Runnable {
        @Override
        public void run() {
            atExit();
        }
    }

    private static final class ControlChannelOpener implements Runnable {
        private final Duration wait;

        ControlChannelOpener(Duration wait) {
            this.wait = wait;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            openControlChannel();
        }
    }
}
