package io.github.vdsoagent.metrics;

import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.vocabulary.TimeApi;
import org.slf4j.Logger;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The agent's MBeans in this JVM (docs/metrics.md): one per time API, one for the agent, and one for each of the
 * {@code jmxsites=} most called sites. A session's set-up registers them and its end unregisters them; their
 * figures ({@link Totals}) live as long as the agent, so a later session goes on from them. A read refreshes the
 * figures from the session once the last refresh is a second old, so that one scrape of every bean takes one look
 * at the counters and its beans agree.
 */
public final class Metrics {
    private static final Logger log = AgentLog.get(Metrics.class);
    /** How long one refresh serves reads: a scrape reads every bean well within it. */
    static final long FRESH_NS = 1_000_000_000L;

    private final Object lock = new Object();
    private final long freshNs;
    private final Totals totals = new Totals();
    private final List<ObjectName> registered = new ArrayList<>();
    private final Map<SiteKey, ObjectName> siteBeans = new HashMap<>();
    private MBeanServer server;
    private MetricsSource source;
    private int topSites;
    private MetricsView view = MetricsView.EMPTY;
    private long refreshedAt;

    public Metrics() {
        this(FRESH_NS);
    }

    /** @param freshNs how long a refresh serves reads (tests: 0, every read refreshes) */
    Metrics(long freshNs) {
        this.freshNs = freshNs;
    }

    /**
     * Registers the beans in the platform MBean server for {@code source}'s session, and beans for its
     * {@code topSites} most called sites; nothing if the session has stopped meanwhile. Returns whether it
     * registered them. A failure leaves none registered. The server's first use sets up java.util.logging: see
     * {@link LogManagerReadiness}.
     */
    public boolean register(MetricsSource source, int topSites) throws JMException {
        return register(ManagementFactory.getPlatformMBeanServer(), source, topSites);
    }

    /** {@link #register(MetricsSource, int)} in {@code server}. */
    boolean register(MBeanServer server, MetricsSource source, int topSites) throws JMException {
        synchronized (lock) {
            if (source.stopped()) {
                return false;
            }
            if (this.source != null) {
                unregisterLocked(); // a session that ended without unregistering: its beans are stale
            }
            this.server = server;
            this.source = source;
            this.topSites = topSites;
            try {
                refreshLocked();
                add(ObjectNames.agent(), new StandardMBean(new AgentBean(this), AgentMXBean.class, true));
                for (TimeApi api : TimeApi.values()) {
                    if (api.isCoarse()) {
                        continue; // counted in its API's bean, which the application knows it by
                    }
                    add(ObjectNames.timeCalls(api), new StandardMBean(new TimeCalls(api, this), TimeCallsMXBean.class,
                            true));
                }
            } catch (JMException | RuntimeException e) {
                unregisterLocked();
                throw e;
            }
            return true;
        }
    }

    /** {@code ending}'s session ends: its last calls are taken in, judged as it judged them, and every bean goes. */
    public void unregister(MetricsSource ending) {
        synchronized (lock) {
            if (source != ending) {
                return;
            }
            try {
                long[] counts = source.counts();
                totals.advance(counts, source.sites(), source);
            } catch (RuntimeException e) {
                log.debug("JMX: the session's last calls could not be taken in", e);
            }
            unregisterLocked();
        }
    }

    /** Takes in the calls so far now: before the session's verdicts change (a clocksource change). */
    public void refresh() {
        synchronized (lock) {
            if (source != null) {
                try {
                    refreshLocked();
                } catch (RuntimeException e) {
                    log.debug("JMX: could not refresh the figures", e);
                }
            }
        }
    }

    /** Whether the beans are registered (for a session). */
    public boolean registered() {
        synchronized (lock) {
            return source != null;
        }
    }

    /** The figures the beans show, refreshed if the last refresh is older than {@link #FRESH_NS}. */
    MetricsView view() {
        synchronized (lock) {
            if (source != null && System.nanoTime() - refreshedAt >= freshNs) {
                try {
                    refreshLocked();
                } catch (RuntimeException e) { // an exporter's read must not fail: it gets the last figures
                    log.debug("JMX: could not refresh the figures", e);
                }
            }
            return view;
        }
    }

    private void refreshLocked() {
        long[] counts = source.counts(); // before the sites, which then hold every site these count
        List<CallSite> sites = source.sites();
        totals.advance(counts, sites, source);
        Figures[] apis = new Figures[TimeApi.values().length];
        for (TimeApi api : TimeApi.values()) {
            apis[api.ordinal()] = totals.of(api);
        }
        Map<SiteKey, Figures> top = topSites == 0 ? Map.of() : totals.top(sites, topSites);
        view = new MetricsView(apis, source.state(), top);
        refreshedAt = System.nanoTime();
        if (topSites > 0) {
            keepSiteBeans(top);
        }
    }

    /** One bean per top site: the sites that left the top lose theirs, those that entered it get one. */
    private void keepSiteBeans(Map<SiteKey, Figures> top) {
        for (Iterator<Map.Entry<SiteKey, ObjectName>> it = siteBeans.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SiteKey, ObjectName> bean = it.next();
            if (!top.containsKey(bean.getKey())) {
                remove(bean.getValue());
                it.remove();
            }
        }
        for (SiteKey site : top.keySet()) {
            if (!siteBeans.containsKey(site)) {
                try {
                    ObjectName name = ObjectNames.site(site);
                    add(name, new StandardMBean(new TimeCallSite(site, this), TimeCallSiteMXBean.class, true));
                    siteBeans.put(site, name);
                } catch (JMException e) {
                    log.debug("JMX: no bean for the site {}: {}", site.location(), e.toString());
                }
            }
        }
    }

    /** Registers a bean, replacing one of the agent's own left under the name (by an agent that could not end). */
    private void add(ObjectName name, Object bean) throws JMException {
        try {
            server.registerMBean(bean, name);
        } catch (InstanceAlreadyExistsException e) {
            remove(name);
            server.registerMBean(bean, name);
        }
        registered.add(name);
    }

    private void remove(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // gone already: someone unregistered it
        } catch (JMException | RuntimeException e) {
            log.debug("JMX: could not unregister {}: {}", name, e.toString());
        }
        registered.remove(name);
    }

    private void unregisterLocked() {
        for (ObjectName name : new ArrayList<>(registered)) {
            remove(name);
        }
        registered.clear();
        siteBeans.clear();
        source = null;
    }
}
