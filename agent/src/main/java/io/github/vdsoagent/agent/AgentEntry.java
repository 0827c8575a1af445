package io.github.vdsoagent.agent;

import io.github.vdsoagent.count.SiteRegistry;
import io.github.vdsoagent.log.AgentLog;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where the launcher hands over, inside the agent's own class loader. Bad options leave the agent inert with one
 * line on stderr; nothing the agent does may throw into the host.
 */
public final class AgentEntry {
    private static final Logger log = AgentLog.get(AgentEntry.class);
    /** How long the exit report waits for the clock setup of a JVM that ends right after starting. */
    private static final long EXIT_SETUP_WAIT_MS = 2000;

    /** Call sites outlive sessions: a class rewritten again keeps its sites' ids. */
    private static final SiteRegistry SITES = new SiteRegistry();
    private static Session session;

    private AgentEntry() {
    }

    public static synchronized void start(String optionText, Instrumentation instrumentation, boolean dynamic) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(optionText);
        } catch (OptionException e) {
            stderr("vdso-agent: " + e.getMessage() + "; the agent is inactive and the application runs unmodified");
            return;
        }
        AgentLog.setLevel(options.log());
        if (session != null) {
            log.warn("already active in this JVM; options {} ignored", optionText);
            return;
        }
        Session started = new Session(options, instrumentation, SITES);
        started.start();
        session = started;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> writeReport(started, EXIT_SETUP_WAIT_MS),
                "vdso-agent-exit-report"));
        if (options.interval() != null) {
            schedulePeriodicReports(started);
        }
    }

    private static void schedulePeriodicReports(Session reported) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "vdso-agent-interval-report");
            thread.setDaemon(true);
            return thread;
        });
        long ms = reported.options().interval().toMillis();
        timer.scheduleAtFixedRate(() -> writeReport(reported, 0), ms, ms, TimeUnit.MILLISECONDS);
    }

    private static void writeReport(Session reported, long setupWaitMs) {
        try {
            Session.Report report = reported.collect(setupWaitMs);
            ReportOutput.deliver(reported.options().report(), reported.options().format(), report.host, report.calls);
        } catch (IOException | RuntimeException e) {
            log.warn("could not write the report to {}", reported.options().report(), e);
        }
    }

    private static void stderr(String line) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        err.println(line);
    }
}
