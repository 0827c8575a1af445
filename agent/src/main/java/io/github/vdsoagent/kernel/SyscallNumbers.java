package io.github.vdsoagent.kernel;

import java.util.EnumMap;
import java.util.Map;

/**
 * The system call numbers the kernel check needs, per architecture: perf_event_open, and the time system calls it
 * makes on purpose to check that each tracepoint counts what it should. aarch64 and riscv64 use the generic table,
 * which has no {@code time} system call at all.
 */
final class SyscallNumbers {
    private final String arch;
    private final long perfEventOpen;
    private final Map<TimeSyscall, Long> timeSyscalls;

    private SyscallNumbers(String arch, long perfEventOpen, long clockGettime, long gettimeofday, Long time) {
        this.arch = arch;
        this.perfEventOpen = perfEventOpen;
        this.timeSyscalls = new EnumMap<>(TimeSyscall.class);
        timeSyscalls.put(TimeSyscall.CLOCK_GETTIME, clockGettime);
        timeSyscalls.put(TimeSyscall.GETTIMEOFDAY, gettimeofday);
        if (time != null) {
            timeSyscalls.put(TimeSyscall.TIME, time);
        }
    }

    /** The numbers for an architecture as HostFacts names it, or null when the check does not know them. */
    static SyscallNumbers forArch(String arch) {
        switch (arch) {
            case "x86_64":
                return new SyscallNumbers(arch, 298, 228, 96, 201L);
            case "aarch64":
            case "riscv64":
                return new SyscallNumbers(arch, 241, 113, 169, null);
            default:
                return null;
        }
    }

    String arch() {
        return arch;
    }

    long perfEventOpen() {
        return perfEventOpen;
    }

    /** The number of a time system call, or null where the architecture has none (time on aarch64). */
    Long of(TimeSyscall syscall) {
        return timeSyscalls.get(syscall);
    }
}
