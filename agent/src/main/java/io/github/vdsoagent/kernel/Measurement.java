package io.github.vdsoagent.kernel;

import io.github.vdsoagent.vocabulary.ClockPath;

import java.util.List;
import java.util.concurrent.Callable;

/** How an open kernel check measures: the seccomp probe, or the kernel's tracepoint counters with their probe. */
interface Measurement {
    /** A probe (at the session's end, possibly the first one, if it still stands) and the counts, if any. */
    Measured measure(boolean ending, ClockPath path);

    /** Runs the agent's own work where its system calls are counted as the agent's; null if not in time. */
    <T> T countedAsAgents(Callable<T> work, long waitMs) throws Exception;

    /** The first probe, of the path the stub now reads through. */
    void probeFirst(ClockPath path);

    /** Counts from now on. */
    void reset() throws Exception;

    /** Lets go of what it holds; with {@code wait} false, what takes long may overlap the JVM's exit. */
    void release(boolean wait);

    /** Threads with counters of their own; 0 for a measurement without counters. */
    int threadsCovered();

    /** The first probe's results, waiting up to {@code waitMs}; for tests. Null if none was asked for. */
    List<ProbeResult> firstProbe(long waitMs) throws Exception;
}
