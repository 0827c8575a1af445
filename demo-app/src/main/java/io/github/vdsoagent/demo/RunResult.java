package io.github.vdsoagent.demo;

import java.util.List;

/** What a run did, summed over its threads; index i of each array belongs to {@code apis.get(i)}. */
final class RunResult {
    final List<? extends ApiLoop> apis;
    final long[] calls;
    /** Time spent in each API's loops, summed over threads: per call, it is the cost of one call on one thread. */
    final long[] nanos;
    final long checksum;
    final long wallNanos;
    final long stopwatchReads;

    RunResult(List<? extends ApiLoop> apis, long[] calls, long[] nanos, long checksum, long wallNanos,
            long stopwatchReads) {
        this.apis = apis;
        this.calls = calls;
        this.nanos = nanos;
        this.checksum = checksum;
        this.wallNanos = wallNanos;
        this.stopwatchReads = stopwatchReads;
    }
}
