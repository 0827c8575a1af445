package io.github.vdsoagent.kernel;

import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.ClockId;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.options.AgentOptions.ClockMode;

/**
 * The verdict without the kernel's counters: from what the vDSO does with the clock id, what the clocksource
 * allows, and, where those leave it open, the timings (a vDSO read costing under half a system call did not
 * make one). When nothing tells, the verdict is "kernel": the report never claims a saving it cannot show.
 */
public final class VerdictInference {
    /** A vDSO read cheaper than this fraction of the forced system call did not enter the kernel. */
    static final double USER_SPACE_RATIO = 0.5;

    private VerdictInference() {
    }

    /**
     * @param clock       null for reads that are not clock_gettime at all (thread user time, from /proc)
     * @param mode        the path the stub reads through; with the JVM's own calls the JVM goes through glibc,
     *                    which takes the same vDSO
     * @param calibration may be null when the native helper could not time the paths
     */
    public static Verdict infer(ClockId clock, ClockMode mode, Clocksource clocksource, Calibration calibration) {
        if (clock == null) {
            return kernel("read from /proc by the JDK");
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
        switch (clocksource.vdsoMode()) {
            case YES:
                return vdso("clocksource " + clocksource.current() + " has a vDSO mode");
            case NO:
                return kernel("clocksource " + clocksource.current() + " has no vDSO mode");
            default:
                return byTiming(clock, clocksource, calibration);
        }
    }

    private static Verdict byTiming(ClockId clock, Clocksource clocksource, Calibration calibration) {
        ClockTiming timing = calibration == null ? null : calibration.of(clock);
        if (timing == null || timing.vdsoNs() == null || timing.syscallNs() == null) {
            return kernel("clocksource " + clocksource.current() + " may lack a vDSO mode and no timing tells");
        }
        if (timing.vdsoNs() < USER_SPACE_RATIO * timing.syscallNs()) {
            return vdso(String.format("a vDSO read takes %.1f ns against %.1f ns for the system call",
                    timing.vdsoNs(), timing.syscallNs()));
        }
        return kernel(String.format("a vDSO read takes %.1f ns, as long as the system call's %.1f ns",
                timing.vdsoNs(), timing.syscallNs()));
    }

    private static Verdict vdso(String why) {
        return new Verdict(Verdict.Path.VDSO, Verdict.Evidence.INFERRED, why);
    }

    private static Verdict kernel(String why) {
        return new Verdict(Verdict.Path.KERNEL, Verdict.Evidence.INFERRED, why);
    }
}
