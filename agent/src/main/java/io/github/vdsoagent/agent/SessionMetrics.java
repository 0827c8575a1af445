package io.github.vdsoagent.agent;

import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.metrics.AgentState;
import io.github.vdsoagent.metrics.MetricsSource;
import io.github.vdsoagent.report.ApiRow;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.vocabulary.ClockPath;

import java.util.List;
import java.util.Locale;

/** A session as the agent's MBeans see it: its counts, its report's judgement of them, and its state. */
final class SessionMetrics implements MetricsSource {
    private final Session session;
    private final SiteRegistry sites;

    SessionMetrics(Session session, SiteRegistry sites) {
        this.session = session;
        this.sites = sites;
    }

    @Override
    public long[] counts() {
        return session.countsNowOrAtEnd();
    }

    @Override
    public List<CallSite> sites() {
        return sites.sites();
    }

    @Override
    public List<ApiRow> judge(List<CallSite> siteList, long[] calls) {
        return session.judge(siteList, calls);
    }

    @Override
    public AgentState state() {
        ClockPath path = session.clockPath();
        String clocksource = Clocksource.read().current();
        return new AgentState(path.reportName(), path.reads().name().toLowerCase(Locale.ROOT),
                clocksource == null ? "" : clocksource, AgentState.clocks(session.lastCheck()), sites.size(),
                session.startedAt().toEpochMilli(), session.options().toString());
    }

    @Override
    public boolean stopped() {
        return session.stopped();
    }
}
