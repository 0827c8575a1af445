package io.github.vdsoagent.demo;

/**
 * The demo's own clock, for timing the loops. Its System.nanoTime call is the one clock read outside the
 * catalogue, so under the agent it is one more call site; it counts its reads so the output can account for them.
 * One stopwatch per thread: the count is a plain field.
 */
final class Stopwatch {
    private long reads;

    long read() {
        reads++;
        return System.nanoTime();
    }

    long reads() {
        return reads;
    }
}
