package io.github.vdsoagent.kernel;

import io.github.vdsoagent.vocabulary.ClockMode;

import java.util.List;

/**
 * A probe's results and the counters' values, not yet judged, and the path the stub read through then: a check is
 * judged for the path the session used, not the JVM's own calls it is put back on at its end.
 *
 * @param probeProblem why the probe gave nothing though the counters were there; null if it ran
 */
record Measured(List<ProbeResult> results, String probeProblem, KernelVerdicts.Counters counters, ClockMode path) {
    static Measured unavailable(String reason, List<Tracepoints.Entry> tracepoints, ClockMode path) {
        return new Measured(List.of(), null, KernelVerdicts.Counters.unavailable(reason, tracepoints), path);
    }
}
