package io.github.vdsoagent.kernel;

import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.text.PlainFormat;


/**
 * The verdict without the kernel's counters, always labelled inferred: from what the vDSO does with the clock id,
 * the timings (a vDSO read costing under half a system call did not make one; one costing as much did), and, where
 * no timing tells, what the clocksource is known to allow. Timing wins over the clocksource's name because a
 * capable clocksource can still send reads to the kernel (kvm-clock or xen without the stable bit), except for
 * x86's tsc, which the vDSO reads in user space whenever it is the current clocksource: a slow vDSO timing there
 * says only that it was taken cold and under load (on JDK 25, before the JIT compiled the FFM downcall, a vDSO
 * read timed 110 ns against 200 ns for the system call). When nothing tells, the verdict is "kernel": the report
 * never claims a saving it cannot show.
 */
public final class VerdictInference {
    /** A vDSO read cheaper than this fraction of the forced system call did not enter the kernel. */
    static final double USER_SPACE_RATIO = 0.5;
    /** The clocksource the vDSO always reads in user space while it is current: no fallback to the kernel. */
    private static final String ALWAYS_IN_USER_SPACE = "tsc";

    private VerdictInference() {
    }

    /**
     * @param clock       null for reads that are not clock_gettime at all (thread user time, from /proc)
     * @param mode        the path the stub reads through; with the JVM's own calls the JVM goes through glibc,
     *                    which takes the same vDSO
     * @param timing      the calibration's timing of this clock; null (or with null times) when not measured
     */
    public static Verdict infer(ClockId clock, ClockMode mode, Clocksource clocksource, ClockTiming timing) {
        if (clock == null) {
            return kernel("read from /proc by the JDK: system calls, though not clock_gettime");
        }
        if (mode == ClockMode.SYSCALL) {
            return kernel("clock=syscall: a system call for every read");
        }
        switch (clock.vdso()) {
            case NEVER:
                return kernel(clock + " is always passed to the kernel");
            case COARSE:
                return vdso(clock + " is read from the last tick in user space");
            default:
                break;
        }
        if (timing != null && timing.vdsoNs() != null && timing.syscallNs() != null) {
            return byTiming(timing.vdsoNs(), timing.syscallNs(), clocksource);
        }
        switch (clocksource.vdsoMode()) {
            case YES:
                return vdso("clocksource " + clocksource.current() + " has a vDSO mode (no timing to confirm it)");
            case NO:
                return kernel("clocksource " + clocksource.current() + " has no vDSO mode");
            default:
                return kernel("clocksource " + clocksource.current() + " may lack a vDSO mode and no timing tells");
        }
    }

    private static Verdict byTiming(double vdsoNs, double syscallNs, Clocksource clocksource) {
        String times = "a vDSO read takes " + PlainFormat.decimals(vdsoNs, 1) + " ns against "
                + PlainFormat.decimals(syscallNs, 1) + " ns for the system call";
        boolean userSpace = vdsoNs < USER_SPACE_RATIO * syscallNs;
        Clocksource.VdsoMode capability = clocksource.vdsoMode();
        String source = "clocksource " + clocksource.current();
        if (userSpace) {
            return vdso(times + (capability == Clocksource.VdsoMode.NO ? " (though " + source + " has no vDSO mode)" : ""));
        }
        if (ALWAYS_IN_USER_SPACE.equals(clocksource.current())) {
            return vdso(source + ", which the vDSO always reads in user space (" + times
                    + ": timed cold, under load)");
        }
        return kernel(times + (capability == Clocksource.VdsoMode.YES
                ? " (" + source + " has a vDSO mode, but the vDSO falls back to the kernel here)" : ""));
    }

    private static Verdict vdso(String why) {
        return Verdict.inferred(Verdict.Path.VDSO, why);
    }

    private static Verdict kernel(String why) {
        return Verdict.inferred(Verdict.Path.KERNEL, why);
    }
}
