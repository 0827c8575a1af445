package io.github.vdsoagent.boot;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * When the stub may answer {@code ThreadMXBean.getCurrentThreadCpuTime()} from the thread's CPU clock itself: only
 * for the JVM's own bean (a mock or a remote JMX proxy must keep its own answers), only when the JDK would read
 * the clock too (supported, enabled, not a virtual thread, for which the JDK answers -1).
 */
final class ThreadCpuClock {
    private static volatile ThreadMXBean platformBean;

    private ThreadCpuClock() {
    }

    static boolean canRead(ThreadMXBean bean) {
        return bean != null
                && bean == platformBean(bean)
                && bean.isCurrentThreadCpuTimeSupported()
                && bean.isThreadCpuTimeEnabled()
                && !CallCounter.isVirtual(Thread.currentThread());
    }

    /** Whether a rewritten call has met the JVM's own bean, so that the JVM's management machinery is running. */
    static boolean platformBeanSeen() {
        return platformBean != null;
    }

    private static ThreadMXBean platformBean(ThreadMXBean candidate) {
        ThreadMXBean platform = platformBean;
        if (platform == null) {
            // Ask the JDK only for a bean of its own making: never start the management machinery for a mock.
            String type = candidate.getClass().getName();
            if (!type.startsWith("sun.management.") && !type.startsWith("com.sun.management.internal.")) {
                return null;
            }
            platform = ManagementFactory.getThreadMXBean();
            platformBean = platform;
        }
        return platform;
    }
}
