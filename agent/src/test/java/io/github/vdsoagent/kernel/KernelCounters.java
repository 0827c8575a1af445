package io.github.vdsoagent.kernel;

import io.github.vdsoagent.boot.OwnerCheck;
import io.github.vdsoagent.host.NativeAccess;
import org.junit.jupiter.api.Assumptions;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the tests that need the kernel's counters share: the ids tracefs gives (as root; CI runs these tests as
 * root) and a bound Perf, or the test is skipped with the reason, visibly.
 */
final class KernelCounters {
    private KernelCounters() {
    }

    /** The ids of every time system call that has a tracepoint here, or the test is skipped with the reason. */
    static Map<TimeSyscall, Long> idsOrSkip() {
        Tracepoints tracepoints = Tracepoints.resolve(Map.of());
        Tracepoints.Entry clockGettime = tracepoints.get(TimeSyscall.CLOCK_GETTIME);
        Assumptions.assumeTrue(clockGettime.id() != null,
                "SKIPPED: needs the kernel's tracepoint ids (run as root with tracefs mounted): " + clockGettime.reason());
        Map<TimeSyscall, Long> ids = new EnumMap<>(TimeSyscall.class);
        for (Tracepoints.Entry entry : tracepoints.all()) {
            if (entry.id() != null) {
                ids.put(entry.syscall(), entry.id());
            }
        }
        return ids;
    }

    /**
     * The native helper loaded (as the agent's own class loader would, this test's loader claims the stub's controls)
     * and a Perf that can open a counter here, or the test is skipped with the reason.
     */
    static Perf perfOrSkip(Map<TimeSyscall, Long> ids) {
        Assumptions.assumeTrue(NativeAccess.allowed(), () -> "SKIPPED: " + NativeAccess.reasonDenied());
        OwnerCheck.claim(KernelCounters.class.getClassLoader());
        Perf perf;
        try {
            perf = Perf.load();
            perf.close(perf.open(ids.get(TimeSyscall.CLOCK_GETTIME), 0, false));
        } catch (PerfException e) {
            Assumptions.abort("SKIPPED: perf counters unavailable here: " + e.getMessage());
            return null;
        }
        return perf;
    }

    /** A system call the JVM never makes by itself, so that counts of it in the whole process can be exact. */
    static TimeSyscall quietSyscall(Perf perf, Map<TimeSyscall, Long> ids) {
        for (TimeSyscall syscall : List.of(TimeSyscall.TIME, TimeSyscall.GETTIMEOFDAY)) {
            if (ids.containsKey(syscall) && perf.callDirectly(syscall)) {
                return syscall;
            }
        }
        Assumptions.abort("SKIPPED: neither time nor gettimeofday can be counted here");
        return null;
    }
}
