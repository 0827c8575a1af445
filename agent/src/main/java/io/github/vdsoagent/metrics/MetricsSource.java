package io.github.vdsoagent.metrics;

import io.github.vdsoagent.report.ApiRow;
import io.github.vdsoagent.sites.CallSite;

import java.util.List;

/**
 * The session whose counts the beans show: its calls and how it judges them. Its methods run on whatever thread
 * reads a bean (an exporter's), so they read what the session already knows and never wait or probe.
 */
public interface MetricsSource {
    /** Calls per call site id since the JVM's start: growing while the session counts, as it ended once it has. */
    long[] counts();

    /** The call sites rewritten in this JVM, by id. */
    List<CallSite> sites();

    /** The report's per-API rows for {@code calls} (per site id), judged by the session's verdicts now. */
    List<ApiRow> judge(List<CallSite> sites, long[] calls);

    /** What the Agent bean shows. */
    AgentState state();

    /** Whether the session has stopped: its beans must not be registered after that. */
    boolean stopped();
}
