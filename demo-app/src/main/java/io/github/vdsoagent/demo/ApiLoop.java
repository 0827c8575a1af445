package io.github.vdsoagent.demo;

/**
 * Calls one API a given number of times. The loop lives inside each implementation so that the API has exactly
 * one call site and the measured time is the API's own, not that of a dispatch per call.
 */
interface ApiLoop {
    /** The API's name as the agent reports it. */
    String apiName();

    /** True when no clock read of this API can be served by the vDSO. */
    boolean alwaysEntersKernel();

    /**
     * Calls the API {@code times} times and returns every result folded into one value: a result that is used
     * cannot be optimized away by the JIT.
     */
    long run(ThreadClocks clocks, long times);
}
