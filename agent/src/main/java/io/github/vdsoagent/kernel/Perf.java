package io.github.vdsoagent.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * perf_event_open(2) for counting one tracepoint in one thread: {@code PERF_TYPE_TRACEPOINT}, counting only (no
 * sample period, no sample type, so never {@code PERF_SAMPLE_RAW}), {@code exclude_kernel} and {@code exclude_hv}
 * set, which is what lets a process count its own system calls without privileges at {@code perf_event_paranoid}
 * 2 (Linux 5.2 and later): a system call's entry is counted with the caller's user-mode registers, so excluding
 * the kernel loses nothing. Every call here is a JNA call: the cold path only.
 */
final class Perf {
    static final int ESRCH = 3;
    private static final int EPERM = 1;
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int EINVAL = 22;
    private static final int ENFILE = 23;
    private static final int EMFILE = 24;
    private static final int ENODEV = 19;
    private static final int ENOSYS = 38;
    private static final int E2BIG = 7;
    private static final int EOPNOTSUPP = 95;

    private static final int PERF_TYPE_TRACEPOINT = 2;
    /** PERF_ATTR_SIZE_VER0: every kernel with perf events takes it, and it holds every field used here. */
    private static final int ATTR_SIZE = 64;
    private static final int OFFSET_TYPE = 0;
    private static final int OFFSET_SIZE = 4;
    private static final int OFFSET_CONFIG = 8;
    private static final int OFFSET_FLAGS = 40;
    private static final long FLAG_INHERIT = 1L << 1;
    private static final long FLAG_EXCLUDE_KERNEL = 1L << 5;
    private static final long FLAG_EXCLUDE_HV = 1L << 6;
    private static final long PERF_FLAG_FD_CLOEXEC = 1L << 3;

    private final SyscallNumbers numbers;
    private final PerfLibc libc;

    private Perf(SyscallNumbers numbers, PerfLibc libc) {
        this.numbers = numbers;
        this.libc = libc;
    }

    /** Binds libc through JNA. The caller has checked that native calls are allowed. */
    static Perf load(SyscallNumbers numbers) {
        return new Perf(numbers, PerfLibc.INSTANCE);
    }

    SyscallNumbers numbers() {
        return numbers;
    }

    /**
     * Opens a counter of tracepoint {@code id} in thread {@code tid} (0: the calling thread), counting from now.
     * With {@code inherit}, threads that thread creates from now on are counted too, and their counts, even after
     * they end, are part of what {@link #read} returns.
     */
    int open(long id, int tid, boolean inherit) throws PerfException {
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(OFFSET_TYPE, PERF_TYPE_TRACEPOINT);
        attr.setInt(OFFSET_SIZE, ATTR_SIZE);
        attr.setLong(OFFSET_CONFIG, id);
        attr.setLong(OFFSET_FLAGS, bitfield(FLAG_EXCLUDE_KERNEL | FLAG_EXCLUDE_HV | (inherit ? FLAG_INHERIT : 0)));
        long fd = libc.syscall(numbers.perfEventOpen(), attr, (long) tid, -1L, -1L, PERF_FLAG_FD_CLOEXEC);
        if (fd < 0) {
            int errno = Native.getLastError();
            throw new PerfException(errno, openFailure(errno, id));
        }
        return (int) fd;
    }

    /** The counter's value: events in its thread, plus, with inherit, in every thread it was passed on to. */
    long read(int fd) throws PerfException {
        long[] value = new long[1];
        long got = libc.read(fd, value, Long.BYTES);
        if (got != Long.BYTES) {
            int errno = got < 0 ? Native.getLastError() : 0;
            throw new PerfException(errno, "reading a perf counter failed: " + (got < 0 ? errnoName(errno) : got + " bytes"));
        }
        return value[0];
    }

    void close(int fd) {
        libc.close(fd);
    }

    /**
     * Makes the time system call itself, bypassing the vDSO: clock_gettime(CLOCK_MONOTONIC), gettimeofday or time
     * into a scratch buffer. For the self-test that checks each tracepoint id counts what its name says.
     */
    void callDirectly(TimeSyscall syscall, Memory scratch) {
        Long number = numbers.of(syscall);
        if (number == null) {
            throw new IllegalStateException(numbers.arch() + " has no " + syscall.syscallName() + " system call");
        }
        switch (syscall) {
            case CLOCK_GETTIME:
                libc.syscall(number, 1L, scratch);
                break;
            case GETTIMEOFDAY:
                libc.syscall(number, scratch, 0L);
                break;
            default:
                libc.syscall(number, scratch);
                break;
        }
    }

    /** The flags word as the C bit-field lays it out: from the low bit on little-endian machines, the high on big. */
    private static long bitfield(long littleEndianBits) {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? littleEndianBits : Long.reverse(littleEndianBits);
    }

    private static String openFailure(int errno, long id) {
        switch (errno) {
            case EACCES:
            case EPERM:
                return "perf_event_open was refused (" + errnoName(errno) + "): kernel.perf_event_paranoid is "
                        + paranoid() + " (a process may count its own system calls up to 2), or a seccomp filter,"
                        + " such as a container runtime's default profile, blocks perf_event_open";
            case ENOENT:
            case EINVAL:
                return "the kernel refused a counter for tracepoint id " + id + " (" + errnoName(errno) + "): no"
                        + " tracepoint with id " + id + " here (check tracepoints= against"
                        + " /sys/kernel/tracing/events/syscalls/*/id on this host), or an attribute it does not take";
            case ENOSYS:
            case ENODEV:
            case EOPNOTSUPP:
                return "this kernel cannot count tracepoints with perf (" + errnoName(errno) + ")";
            case EMFILE:
            case ENFILE:
                return "out of file descriptors for perf counters (" + errnoName(errno) + ")";
            case E2BIG:
                return "the kernel rejected the perf counter's attributes (" + errnoName(errno) + ")";
            default:
                return "perf_event_open failed: " + errnoName(errno);
        }
    }

    static String errnoName(int errno) {
        switch (errno) {
            case EPERM:
                return "EPERM";
            case ENOENT:
                return "ENOENT";
            case ESRCH:
                return "ESRCH";
            case EACCES:
                return "EACCES";
            case EINVAL:
                return "EINVAL";
            case EMFILE:
                return "EMFILE";
            case ENFILE:
                return "ENFILE";
            case ENODEV:
                return "ENODEV";
            case ENOSYS:
                return "ENOSYS";
            default:
                return "errno " + errno;
        }
    }

    private static String paranoid() {
        try {
            return new String(Files.readAllBytes(Paths.get("/proc/sys/kernel/perf_event_paranoid")),
                    StandardCharsets.US_ASCII).trim();
        } catch (IOException | SecurityException e) {
            return "unreadable";
        }
    }
}
