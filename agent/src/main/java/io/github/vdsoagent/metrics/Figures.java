package io.github.vdsoagent.metrics;

/** Calls, and how many of them entered the kernel; the rest avoided it. */
record Figures(long calls, long entered) {
    static final Figures NONE = new Figures(0, 0);

    long avoided() {
        return calls - entered;
    }
}
