package io.github.vdsoagent.clock;

import io.github.vdsoagent.boot.PathReads;
import io.github.vdsoagent.boot.BackendBinding;
import io.github.vdsoagent.boot.ClockBackend;
import io.github.vdsoagent.log.AgentLog;
import org.slf4j.Logger;

/**
 * On JDK 16 and 17, links the native helper's vDSO read to its critical entry, which compiled code calls without a
 * JNI call's thread-state transitions: those cost about a third of the read (BENCHMARKS.md). HotSpot looks for a
 * critical entry only while its CriticalJNINatives flag is on (by default from JDK 8 to 15, off and deprecated in
 * 16 and 17), and only when it generates a native method's wrapper, which it does in the calling thread at the
 * method's 128th call under default thresholds. So the flag is turned on, the reads (nanoseconds, milliseconds,
 * packed seconds and nanoseconds) are called until their wrappers should exist, and the flag is put back: other
 * libraries' natives are linked as the user's flags say, except during that warm-up (and a library's critical
 * entries were what every JDK up to 15 linked by default). A flag
 * the user set either way is left as set. Whether reads do go through the critical entry is not assumed: the
 * helper notes its first call, which the report shows.
 */
public final class CriticalEntry {
    private static final Logger log = AgentLog.get(CriticalEntry.class);
    /**
     * About 80 times the calls default thresholds need, for JVMs whose compile thresholds are scaled up. A JVM
     * scaled further, or interpreting only, keeps the standard entry, and the report says it was not called.
     */
    private static final int WARM_UP_CALLS = 10_000;

    private final String detail;

    private CriticalEntry(String detail) {
        this.detail = detail;
    }

    /** Tries to link the read to the critical entry. Call once the helper is bound and checked, before other reads. */
    static CriticalEntry link() {
        int feature = Runtime.version().feature();
        if (feature > 17) {
            return new CriticalEntry("JDK " + feature + " has no critical natives");
        }
        if (System.getProperty("java.vm.info", "").contains("interpreted mode")) {
            return new CriticalEntry("the JVM interprets only (-Xint): it generates no native wrappers");
        }
        int before = BackendBinding.setCriticalNatives(true);
        if (before < 0) {
            String why = reason(before);
            log.info("JNI reads keep their thread-state transitions: {}", why);
            return new CriticalEntry(why);
        }
        if (before == 1) {
            return new CriticalEntry("the JVM runs with CriticalJNINatives on");
        }
        try {
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                PathReads.readVdso(ClockBackend.CLOCK_MONOTONIC);
                PathReads.readVdsoMillis(ClockBackend.CLOCK_REALTIME);
                PathReads.readVdsoSecondsNanos(ClockBackend.CLOCK_REALTIME);
            }
        } finally {
            BackendBinding.setCriticalNatives(false);
        }
        return new CriticalEntry("CriticalJNINatives turned on while the read was linked, then off again");
    }

    /** For {@code jnicritical=off}: a JVM started with -XX:+CriticalJNINatives still links the entry itself. */
    static CriticalEntry notAsked() {
        return new CriticalEntry("jnicritical=off: CriticalJNINatives left as the JVM was started");
    }

    /** Whether reads go through the critical entry: the JVM has called it (only compiled callers do). */
    public boolean critical() {
        return BackendBinding.criticalEntryUsed();
    }

    /** What was done to link it, or why nothing was. */
    public String detail() {
        return detail;
    }

    private static String reason(int code) {
        switch (code) {
            case -1:
                return "libjvm was not found among the loaded libraries";
            case -2:
                return "this JVM exports no HotSpot structure tables";
            case -3:
                return "this JVM's structure tables do not describe its flags as expected";
            case -4:
                return "this JVM has no CriticalJNINatives flag";
            case -5:
                return "this JVM's CriticalJNINatives flag is not a boolean";
            case -6:
                return "the JVM was started with CriticalJNINatives off: left so";
            default:
                return "unexpected result " + code + " from the flag lookup";
        }
    }
}
