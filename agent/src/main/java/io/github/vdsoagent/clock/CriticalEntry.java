package io.github.vdsoagent.clock;

import io.github.vdsoagent.boot.ClockBackend;
import io.github.vdsoagent.log.AgentLog;
import org.slf4j.Logger;

/**
 * On JDK 16 and 17, links the native helper's vDSO read to its critical entry, which compiled code calls without a
 * JNI call's thread-state transitions: those cost about a third of the read (BENCHMARKS.md). HotSpot looks for a
 * critical entry only while its CriticalJNINatives flag is on (off by default from JDK 16, gone from JDK 18), and
 * only when it generates a native method's wrapper, which it does in the calling thread once the method has been
 * called a hundred-odd times. So the flag is turned on, the read is called until its wrapper exists, and the flag
 * is put back: other libraries' natives are linked as the user's flags say, except during that millisecond.
 */
public final class CriticalEntry {
    private static final Logger log = AgentLog.get(CriticalEntry.class);
    /** Far more calls than any tiered or C2-only policy lets a native method make before it asks for its wrapper. */
    private static final int WARM_UP_CALLS = 10_000;

    private final boolean linked;
    private final String detail;

    private CriticalEntry(boolean linked, String detail) {
        this.linked = linked;
        this.detail = detail;
    }

    /** Links the read to the critical entry where this JVM allows it. Call once the helper is bound, before reads. */
    static CriticalEntry link() {
        int feature = Runtime.version().feature();
        if (feature > 17) {
            return new CriticalEntry(false, "JDK " + feature + " has no critical natives");
        }
        int before = ClockBackend.setCriticalNatives(true);
        if (before < 0) {
            String why = reason(before);
            log.info("JNI reads keep their thread-state transitions: {}", why);
            return new CriticalEntry(false, why);
        }
        if (before == 1) {
            return new CriticalEntry(true, "the JVM runs with CriticalJNINatives on");
        }
        try {
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                ClockBackend.readVdso(ClockBackend.CLOCK_MONOTONIC);
            }
        } finally {
            ClockBackend.setCriticalNatives(false);
        }
        return new CriticalEntry(true, "linked with CriticalJNINatives turned on for the link only");
    }

    /** For {@code jnicritical=off}. */
    static CriticalEntry notAsked() {
        return new CriticalEntry(false, "jnicritical=off");
    }

    /** Whether the read was linked to the critical entry (compiled callers then call it). */
    public boolean linked() {
        return linked;
    }

    /** How it was linked, or why not. */
    public String detail() {
        return detail;
    }

    /** Whether the JVM has called the critical entry yet: only compiled callers do, once the stub is hot. */
    public boolean called() {
        return ClockBackend.criticalEntryUsed();
    }

    private static String reason(int code) {
        switch (code) {
            case -1:
                return "libjvm was not found among the loaded libraries";
            case -2:
                return "this JVM exports no HotSpot structure tables";
            case -3:
                return "this JVM's structure tables do not describe its flags";
            case -4:
                return "this JVM has no CriticalJNINatives flag";
            case -5:
                return "this JVM's CriticalJNINatives flag is not a boolean";
            default:
                return "unexpected result " + code + " from the flag lookup";
        }
    }
}
