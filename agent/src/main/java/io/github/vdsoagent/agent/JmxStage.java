package io.github.vdsoagent.agent;

import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.metrics.LogManagerReadiness;
import io.github.vdsoagent.metrics.Metrics;
import io.github.vdsoagent.setup.SetupPipeline;
import io.github.vdsoagent.setup.Stage;
import io.github.vdsoagent.sites.SiteRegistry;
import org.slf4j.Logger;

/**
 * The set-up stage that registers the agent's MBeans for a session ({@code jmx=on}, docs/metrics.md), and their
 * removal as the session ends. Never at premain: the platform MBean server's first use costs tens of milliseconds
 * and sets up java.util.logging, which an application may do its own way ({@link LogManagerReadiness}).
 */
final class JmxStage implements Stage {
    private static final Logger log = AgentLog.get(JmxStage.class);
    /** How often the stage looks again while it waits for the application to set up java.util.logging. */
    private static final long WAIT_STEP_MS = 250;

    private final Agent agent;
    private final Session session;
    private final SiteRegistry sites;
    /** Set before the registration, read by {@link #end}: both sides of the session's stop see each other. */
    private volatile SessionMetrics source;

    JmxStage(Agent agent, Session session, SiteRegistry sites) {
        this.agent = agent;
        this.session = session;
        this.sites = sites;
    }

    @Override
    public String name() {
        return "jmx";
    }

    @Override
    public void run(SetupPipeline pipeline) throws Exception {
        LogManagerReadiness logging = LogManagerReadiness.of(agent.instrumentation());
        if (!logging.ready()) {
            log.info("JMX: {}", logging.waitReason());
            while (!logging.ready()) {
                if (pipeline.abandonedWithin(WAIT_STEP_MS)) {
                    return;
                }
            }
        }
        session.checkForMetrics();
        Metrics metrics = agent.metrics();
        SessionMetrics registering = new SessionMetrics(session, sites);
        source = registering;
        if (metrics.register(registering, session.options().jmxSites())) {
            session.metricsRegistered(metrics);
        }
    }

    /**
     * The session has stopped ({@link Session#stop()}): its MBeans take in its last calls and go. A stage still
     * running registers nothing after the stop.
     */
    void end() {
        SessionMetrics registered = source;
        if (registered != null) {
            agent.metrics().unregister(registered);
        }
    }
}
