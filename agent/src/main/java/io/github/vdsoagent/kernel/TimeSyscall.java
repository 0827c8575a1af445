package io.github.vdsoagent.kernel;

import java.util.Locale;

/** The system calls that read the time, each counted at its {@code syscalls:sys_enter_NAME} tracepoint. */
public enum TimeSyscall {
    CLOCK_GETTIME,
    GETTIMEOFDAY,
    TIME;

    private final String syscallName = name().toLowerCase(Locale.ROOT);

    /** clock_gettime, gettimeofday or time: the kernel's name, as the tracepoint and the report use it. */
    public String syscallName() {
        return syscallName;
    }

    /** The tracepoint's name: {@code sys_enter_clock_gettime}. */
    public String tracepoint() {
        return "sys_enter_" + syscallName;
    }

    /** The constant named so, or null. */
    public static TimeSyscall byName(String name) {
        for (TimeSyscall s : values()) {
            if (s.syscallName.equals(name)) {
                return s;
            }
        }
        return null;
    }
}
