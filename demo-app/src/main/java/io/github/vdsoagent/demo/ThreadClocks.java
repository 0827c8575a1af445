package io.github.vdsoagent.demo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;

/**
 * What each thread obtains once and then reads many times: the two system clocks and the thread MXBean. The agent
 * counts a clock's reads at the line that obtained it, so each clock is obtained at one line, once per thread,
 * and only when its API is run.
 */
final class ThreadClocks {
    private Clock utc;
    private Clock defaultZone;
    private ThreadMXBean threadBean;

    Clock utc() {
        if (utc == null) {
            utc = Clock.systemUTC();
        }
        return utc;
    }

    Clock defaultZone() {
        if (defaultZone == null) {
            defaultZone = Clock.systemDefaultZone();
        }
        return defaultZone;
    }

    /** Declared as java.lang.management.ThreadMXBean: the interface whose calls the agent rewrites. */
    ThreadMXBean threadBean() {
        if (threadBean == null) {
            threadBean = ManagementFactory.getThreadMXBean();
        }
        return threadBean;
    }
}
