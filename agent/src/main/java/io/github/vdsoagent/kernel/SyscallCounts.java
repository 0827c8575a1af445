package io.github.vdsoagent.kernel;

import java.util.EnumMap;
import java.util.Map;

/** A count per time system call; null for a system call that was not counted (no tracepoint), never a made-up 0. */
public final class SyscallCounts {
    private final Map<TimeSyscall, Long> counts;

    private SyscallCounts(Map<TimeSyscall, Long> counts) {
        this.counts = counts;
    }

    /** Counts by system call; missing ones are not counted. */
    public static SyscallCounts of(Map<TimeSyscall, Long> counts) {
        Map<TimeSyscall, Long> copy = new EnumMap<>(TimeSyscall.class);
        copy.putAll(counts);
        return new SyscallCounts(copy);
    }

    public static SyscallCounts of(Long clockGettime, Long gettimeofday, Long time) {
        Map<TimeSyscall, Long> counts = new EnumMap<>(TimeSyscall.class);
        putIfCounted(counts, TimeSyscall.CLOCK_GETTIME, clockGettime);
        putIfCounted(counts, TimeSyscall.GETTIMEOFDAY, gettimeofday);
        putIfCounted(counts, TimeSyscall.TIME, time);
        return new SyscallCounts(counts);
    }

    private static void putIfCounted(Map<TimeSyscall, Long> counts, TimeSyscall syscall, Long count) {
        if (count != null) {
            counts.put(syscall, count);
        }
    }

    /** The count, or null when this system call was not counted. */
    public Long get(TimeSyscall syscall) {
        return counts.get(syscall);
    }

    /** This minus {@code other}, per system call counted in both. */
    public SyscallCounts minus(SyscallCounts other) {
        Map<TimeSyscall, Long> result = new EnumMap<>(TimeSyscall.class);
        counts.forEach((syscall, count) -> {
            Long subtracted = other.get(syscall);
            if (subtracted != null) {
                result.put(syscall, count - subtracted);
            }
        });
        return new SyscallCounts(result);
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
