package io.github.vdsoagent.agent;

import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.host.JvmShutdown;
import io.github.vdsoagent.host.ProcessIdentity;
import io.github.vdsoagent.instrument.TransformStats;
import io.github.vdsoagent.jfr.JfrEvents;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.metrics.Metrics;
import io.github.vdsoagent.nativelib.NativeHelperFile;
import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.options.AgentOption;
import io.github.vdsoagent.options.Jmx;
import io.github.vdsoagent.options.KernelCheckMode;
import io.github.vdsoagent.options.OptionException;
import io.github.vdsoagent.options.ReportTarget;
import io.github.vdsoagent.protocol.Command;
import io.github.vdsoagent.protocol.Exchange;
import io.github.vdsoagent.protocol.Request;
import io.github.vdsoagent.protocol.StatusFile;
import io.github.vdsoagent.report.ReportOutput;
import io.github.vdsoagent.setup.Stage;
import io.github.vdsoagent.vocabulary.ReportFormat;
import org.slf4j.Logger;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agent in this JVM: at most one session at a time, the commands that start, report on and end it, and the exit
 * hook that writes its last report. Every command and the exit hook take turns (one lock); nothing here may throw
 * into the host.
 */
final class Agent {
    private static final Logger log = AgentLog.get(Agent.class);
    /** How long the exit hook waits for a command in progress before it lets the JVM exit without a report. */
    private static final long EXIT_LOCK_WAIT_MS = 10_000;
    /** How long a report asked for by the CLI waits for the clock setup. */
    private static final long COMMAND_SETUP_WAIT_MS = 5000;
    /** A profile's report is written this often into the CLI's exchange, for a target that exits mid-session. */
    private static final String PROFILE_INTERIM_INTERVAL = "1s";
    /**
     * The same for the stacks' formats: rendering 50,000 stacks takes ~0.4 s of CPU (docs/flamegraph.md), which a
     * report every second would charge the target again and again; the exit hook still writes the last one.
     */
    private static final String PROFILE_INTERIM_INTERVAL_STACKS = "10s";

    private final ReentrantLock lock = new ReentrantLock();
    private final Instrumentation instrumentation;
    private final AgentFiles files = new AgentFiles();
    /** Call sites outlive sessions: a class rewritten again keeps its sites' ids. */
    private final SiteRegistry sites = new SiteRegistry();
    private final ReportWriter reports = new ReportWriter();
    private Session session;
    /** The session's MBean registration; null without jmx=on. */
    private JmxStage jmx;
    /** The MBeans, made by the first session that registers them: their figures outlive sessions. */
    private Metrics metrics;
    private final Object metricsLock = new Object();
    private PeriodicReports periodic;
    /**
     * Changed under the lock; read without it by the interval reports' thread, which a session's end waits for with
     * the lock held (PeriodicReports.stop): taking the lock there would hold that end up.
     */
    private volatile ProfileEnd profileEnd;

    Agent(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    ReentrantLock lock() {
        return lock;
    }

    Instrumentation instrumentation() {
        return instrumentation;
    }

    /** The agent's MBeans, made at first use, on the set-up's thread; not under the agent's lock. */
    Metrics metrics() {
        synchronized (metricsLock) {
            if (metrics == null) {
                metrics = new Metrics();
            }
            return metrics;
        }
    }

    /**
     * A set-up stage of the first session (and of later ones until it is open): the control channel, and the status
     * announcing it.
     */
    void openControlChannel() {
        files.openChannel(new ControlRequests(instrumentation));
        lock.lock();
        try {
            writeStatus();
        } finally {
            lock.unlock();
        }
    }

    /** The status file, for the CLI's list and its control channel; called with the lock held. */
    private void writeStatus() {
        if (session != null) {
            files.writeStatus(StatusFile.ACTIVE, session.options().toString(), session.startedAt());
        } else {
            files.writeStatus(StatusFile.DETACHED, "", null);
        }
    }

    /**
     * Carries out a command; the lock is held. {@code profileFor} and {@code client} come with PROFILE only.
     *
     * @param atJvmStart whether this is the -javaagent start, in premain
     */
    void run(Command command, AgentOptions options, Reply reply, boolean atJvmStart, Duration profileFor,
             ProcessIdentity client, Path exchange) {
        if (!atJvmStart && JvmShutdown.underway()) {
            reply.fail("JVM " + HostFacts.pid() + " is shutting down: nothing left to " + name(command));
            return;
        }
        switch (command) {
            case ATTACH:
                attach(options, reply, atJvmStart);
                break;
            case PROFILE:
                profile(options, reply, profileFor, client, exchange);
                break;
            case STATUS:
                reply.fact("state", session == null ? StatusFile.DETACHED : StatusFile.ACTIVE);
                if (session != null) {
                    reply.fact("since", session.startedAt()).fact("options", session.options());
                }
                reply.ok(session == null ? "loaded, not active" : "active since " + session.startedAt());
                break;
            case REPORT:
            case DETACH:
                if (session == null) {
                    reply.fail("the agent is loaded in JVM " + HostFacts.pid() + " but not active (detached):"
                            + " attach first");
                } else {
                    answerWithReport(command == Command.DETACH, options, reply);
                }
                break;
            default:
                throw new IllegalStateException(command.toString());
        }
    }

    private static String name(Command command) {
        return command.name().toLowerCase(java.util.Locale.ROOT);
    }

    private void attach(AgentOptions options, Reply reply, boolean atJvmStart) {
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
        Session started = new Session(options, instrumentation, sites);
        List<Stage> more = new ArrayList<>(3);
        // Not with kernelcheck=perf: its reports may warn on stderr of the counts they judge, and a rehearsal would
        // warn of a report no one reads.
        if (options.report() != ReportTarget.NONE && options.kernelCheck() != KernelCheckMode.PERF) {
            more.add(new ReportRehearsalStage(reports, started));
        }
        if (!files.channelOpened()) {
            more.add(new ControlChannelStage(this));
        }
        jmx = options.jmx() == Jmx.ON ? new JmxStage(this, started, sites) : null;
        if (jmx != null) {
            more.add(jmx);
        }
        Duration took = started.start(atJvmStart, more);
        session = started;
        if (options.interval() != null) {
            periodic = PeriodicReports.start(started, new IntervalReport(started));
        }
        writeStatus(); // not before the control channel is open: at start-up its opener writes it, off the start-up path
        describe(reply, changed + "attached", took);
    }

    /**
     * A profile: a session (a new one, or the one there, counting afresh) whose counting window is exactly
     * {@code duration} from now, after which it ends by itself and leaves its final report in the CLI's exchange;
     * earlier if the CLI that asked for it is gone, then without a report, removing the exchange.
     */
    private void profile(AgentOptions options, Reply reply, Duration duration, ProcessIdentity client, Path exchange) {
        if (duration == null || exchange == null) {
            reply.fail("a profile needs a duration and the CLI's exchange");
            return;
        }
        try {
            options = options.with(AgentOption.REPORT, exchange.resolve(Exchange.INTERIM_REPORT).toString())
                    .with(AgentOption.INTERVAL, options.format() == ReportFormat.COLLAPSED
                            || options.format() == ReportFormat.HTML ? PROFILE_INTERIM_INTERVAL_STACKS
                            : PROFILE_INTERIM_INTERVAL);
        } catch (OptionException e) {
            reply.fail(e.getMessage());
            return;
        }
        attach(options, reply, false);
        if (!reply.isOk()) {
            return;
        }
        session.reset(); // the window starts now, after the rewriting
        if (profileEnd != null) {
            profileEnd.cancel(); // another profile of the same options: this one takes over
        }
        profileEnd = ProfileEnd.schedule(this, session, duration, client, exchange);
        reply.fact("since", session.startedAt());
    }

    /** From the profile's timer: its time is up, or its CLI is gone. */
    void profileEnds(ProfileEnd ending, boolean clientGone) {
        lock.lock();
        try {
            if (profileEnd != ending || session != ending.session()) {
                return; // ended already: detached, or replaced by another attach
            }
            if (clientGone) {
                log.info("the CLI that started this profile has gone: ending it");
                end(session);
                JfrEvents.closeRecording(Exchange.recordingName(ending.exchange())); // a --jfr recording, if any
                Exchange.removeIfAbandoned(ending.exchange(), ending.client());
                return;
            }
            try (Reply reply = Reply.atProfileEnd(ending.exchange())) {
                answerWithReport(true, ending.session().options(), reply);
            } catch (IOException | RuntimeException e) {
                log.warn("could not leave the profile's final report: {}", e.toString());
            }
            Exchange.removeIfAbandoned(ending.exchange(), ending.client()); // gone while the report was made
        } finally {
            lock.unlock();
        }
    }

    private void describe(Reply reply, String what, Duration took) {
        TransformStats stats = session.transformStats();
        reply.fact("classesRewritten", stats.classesRewritten()).fact("sitesFound", stats.sitesFound())
                .fact("classesFailed", stats.classesFailed()).fact("rewriteMs", took.toMillis())
                .fact("since", session.startedAt()).fact("options", session.options())
                .fact("runningAtAttach", stats.runningAtStart().size());
        reply.ok(what);
        if (!reply.toCli()) {
            log.info("{}: {} classes rewritten, {} call sites, in {} ms", what, stats.classesRewritten(),
                    stats.sitesFound(), took.toMillis());
        }
    }

    /** The report now; for detach, the final report: counts frozen first, then the original bytecode back. */
    private void answerWithReport(boolean detach, AgentOptions requested, Reply reply) {
        Session current = session;
        int restored = -1;
        if (detach) {
            current.finish();
            restored = end(current);
        }
        Session.Report report = current.collect(COMMAND_SETUP_WAIT_MS, COMMAND_SETUP_WAIT_MS, requested.top());
        try {
            reply.report(ReportOutput.render(report.host(), report.calls(), requested.format()));
        } catch (IOException e) {
            reply.fail("could not render the report: " + e.getMessage());
            return;
        }
        reply.fact("windowMs", report.calls().durationMs());
        if (detach) {
            reply.fact("classesRestored", restored);
            reply.ok("detached: " + restored + " classes restored");
        } else {
            reply.ok("report of " + report.calls().durationMs() + " ms");
        }
    }

    /** Ends a session: no more periodic reports, no profile end, original bytecode back. */
    private int end(Session ending) {
        stopTimers();
        int restored = ending.stop();
        if (jmx != null) {
            jmx.end(); // after stop(): the stage registers nothing from now on
            jmx = null;
        }
        session = null;
        writeStatus();
        return restored;
    }

    /** No more periodic reports and no profile end: the session they served is ending. */
    private void stopTimers() {
        if (periodic != null) {
            periodic.stop();
            periodic = null;
        }
        if (profileEnd != null) {
            profileEnd.cancel();
            profileEnd = null;
        }
    }

    /**
     * The exit hook. It waits a bounded time for a command still running (an attach that raced the exit): a
     * shutdown hook that blocked would keep the host JVM from ever exiting.
     */
    void atExit() {
        try {
            files.removeAtExit(); // first: even an exit that cannot wait for a command in progress leaves none behind
        } catch (RuntimeException e) {
            log.debug("could not remove the status or the control channel", e);
        }
        try {
            if (!lock.tryLock(EXIT_LOCK_WAIT_MS, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        try {
            atExitLocked();
        } finally {
            lock.unlock();
        }
    }

    private void atExitLocked() {
        NativeHelperFile.deleteAllAtExit();
        ProfileEnd profile = profileEnd;
        stopTimers();
        if (profile != null && profile.clientGone()) {
            // A profile whose CLI was killed: its report would have no reader, and its exchange may be gone already.
            Exchange.removeIfAbandoned(profile.exchange(), profile.client());
        } else if (session != null && session.options().report() != ReportTarget.NONE) {
            // A short-lived JVM's report names the path its calls took and leaves the clocks' timings out if they
            // are not ready, rather than delay the exit by the clock setup.
            try {
                session.finish();
            } catch (RuntimeException | LinkageError e) {
                log.warn("could not end the session's counting for its last report", e);
            }
            reports.write(session, 0, 0, profile); // a profile's CLI may be killed while it is written
        }
    }

    /** Requests from the control channel: the same {@code @DIR} text as an attach's. A class, not a lambda. */
    private static final class ControlRequests implements ControlChannel.Handler {
        private final Instrumentation instrumentation;

        ControlRequests(Instrumentation instrumentation) {
            this.instrumentation = instrumentation;
        }

        @Override
        public void handle(String text) {
            if (Request.directoryOf(text) != null) {
                AgentEntry.start(text, instrumentation, true);
            }
        }
    }

    /** interval=: a report every so often. A class, not a lambda (see docs/design/start-up.md). */
    private final class IntervalReport implements Runnable {
        private final Session reported;

        IntervalReport(Session reported) {
            this.reported = reported;
        }

        @Override
        public void run() {
            ProfileEnd profile = profileOf(reported);
            if (profile != null && profile.clientGone()) {
                // A profile whose CLI was killed: any other CLI may have removed the exchange this report would go
                // to. No one reads it; the profile's end ends the session at its next look, within a second.
                return;
            }
            reports.write(reported, 0, 0, profile); // the CLI may be killed while it is written
        }
    }

    /** The profile that {@code reported} is the session of, or null; without the lock (see {@link #profileEnd}). */
    private ProfileEnd profileOf(Session reported) {
        ProfileEnd profile = profileEnd;
        return profile != null && profile.session() == reported ? profile : null;
    }
}
