package io.github.vdsoagent.kernel;

import java.util.EnumMap;
import java.util.Map;

/**
 * The time system calls' numbers, by architecture: what a counter at raw_syscalls:sys_enter filters on (see
 * {@link Perf#filteredAt}). Empty for an architecture not listed here, which then counts at one tracepoint per
 * system call.
 */
final class SyscallNumbers {
    private SyscallNumbers() {
    }

    /** @param arch as {@code HostFacts.arch()} names it: x86_64, aarch64, ... */
    static Map<TimeSyscall, Integer> of(String arch) {
        Map<TimeSyscall, Integer> numbers = new EnumMap<>(TimeSyscall.class);
        switch (arch) {
            case "x86_64": // arch/x86/entry/syscalls/syscall_64.tbl
                numbers.put(TimeSyscall.CLOCK_GETTIME, 228);
                numbers.put(TimeSyscall.GETTIMEOFDAY, 96);
                numbers.put(TimeSyscall.TIME, 201);
                break;
            case "aarch64": // include/uapi/asm-generic/unistd.h; no time system call
            case "riscv64":
                numbers.put(TimeSyscall.CLOCK_GETTIME, 113);
                numbers.put(TimeSyscall.GETTIMEOFDAY, 169);
                break;
            default:
                break;
        }
        return numbers;
    }
}
