package io.github.vdsoagent.vocabulary;

/**
 * The Linux clock ids 0 to 11 and what the vDSO can do with each. The high-resolution clocks are answered in user
 * space only when the clocksource has a vDSO mode; the coarse ones read the last tick's value and need none; the
 * CPU-time and alarm clocks always enter the kernel.
 */
public enum ClockId {
    CLOCK_REALTIME(0, Vdso.HIGH_RES),
    CLOCK_MONOTONIC(1, Vdso.HIGH_RES),
    CLOCK_PROCESS_CPUTIME_ID(2, Vdso.NEVER),
    CLOCK_THREAD_CPUTIME_ID(3, Vdso.NEVER),
    CLOCK_MONOTONIC_RAW(4, Vdso.HIGH_RES),
    CLOCK_REALTIME_COARSE(5, Vdso.COARSE),
    CLOCK_MONOTONIC_COARSE(6, Vdso.COARSE),
    CLOCK_BOOTTIME(7, Vdso.HIGH_RES),
    CLOCK_REALTIME_ALARM(8, Vdso.NEVER),
    CLOCK_BOOTTIME_ALARM(9, Vdso.NEVER),
    /** Reserved (once CLOCK_SGI_CYCLE): the kernel answers EINVAL. */
    CLOCK_SGI_CYCLE(10, Vdso.NEVER),
    CLOCK_TAI(11, Vdso.HIGH_RES);

    /** How the vDSO treats a clock id. */
    public enum Vdso {
        /** Answered in user space when the clocksource has a vDSO mode. */
        HIGH_RES,
        /** Answered in user space from the last tick, whatever the clocksource. */
        COARSE,
        /** Always passed to the kernel. */
        NEVER
    }

    private final int id;
    private final Vdso vdso;

    ClockId(int id, Vdso vdso) {
        this.id = id;
        this.vdso = vdso;
    }

    public int id() {
        return id;
    }

    public Vdso vdso() {
        return vdso;
    }

    /**
     * The coarse clock that reads this one's last tick (CLOCK_REALTIME_COARSE for CLOCK_REALTIME), or null. Ifs, not a
     * switch: a switch on an enum loads a class of its own, and TimeApi asks this as premain parses the options.
     */
    public ClockId coarse() {
        if (this == CLOCK_REALTIME) {
            return CLOCK_REALTIME_COARSE;
        }
        return this == CLOCK_MONOTONIC ? CLOCK_MONOTONIC_COARSE : null;
    }

    public static ClockId of(int id) {
        for (ClockId clock : values()) {
            if (clock.id == id) {
                return clock;
            }
        }
        throw new IllegalArgumentException("no clock id " + id);
    }
}
