package io.github.vdsoagent.kernel;

import io.github.vdsoagent.boot.PerfCounters;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.nativelib.NativeHelperLoader;
import io.github.vdsoagent.nativelib.NativeHelperUnavailableException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * perf_event_open(2) for counting one tracepoint in one thread, through the native helper ({@link PerfCounters}):
 * {@code PERF_TYPE_TRACEPOINT}, counting only (no sample period, no sample type, so never {@code PERF_SAMPLE_RAW}),
 * {@code exclude_kernel} and {@code exclude_hv} set, which is what lets a process count its own system calls
 * without privileges at {@code perf_event_paranoid} 2 (Linux 5.2 and later): a system call's entry is counted with
 * the caller's user-mode registers, so excluding the kernel loses nothing. Cold path only. Here the kernel's error
 * codes become reasons a user can act on.
 */
final class Perf {
    static final int ESRCH = 3;
    private static final int EPERM = 1;
    private static final int ENOENT = 2;
    private static final int EIO = 5;
    private static final int E2BIG = 7;
    private static final int EBADF = 9;
    private static final int EACCES = 13;
    private static final int ENODEV = 19;
    private static final int EINVAL = 22;
    private static final int ENFILE = 23;
    private static final int EMFILE = 24;
    private static final int ENOSYS = 38;
    private static final int EOPNOTSUPP = 95;

    private Perf() {
    }

    /**
     * Makes sure the native helper is loaded (the clock setup loads it too, later and in the background; loading is
     * done once per JVM) and has the perf functions. The caller has checked that native calls are allowed.
     */
    static Perf load() throws PerfException {
        if (!PerfCounters.available()) {
            try {
                NativeHelperLoader.ensureLoaded();
            } catch (NativeHelperUnavailableException e) {
                throw new PerfException(0, e.getMessage());
            }
            if (!PerfCounters.available()) {
                throw new PerfException(0, "the native helper has no perf counter functions");
            }
        }
        return new Perf();
    }

    /**
     * Opens a counter of tracepoint {@code id} in thread {@code tid} (0: the calling thread), counting from now.
     * With {@code inherit}, threads that thread creates from now on are counted too, and their counts, even after
     * they end, are part of what {@link #read} returns.
     */
    int open(long id, int tid, boolean inherit) throws PerfException {
        int fd = PerfCounters.open(id, tid, inherit);
        if (fd < 0) {
            throw new PerfException(-fd, openFailure(-fd, id));
        }
        return fd;
    }

    /** The counter's value: events in its thread, plus, with inherit, in every thread it was passed on to. */
    long read(int fd) throws PerfException {
        long value = PerfCounters.read(fd);
        if (value < 0) {
            throw new PerfException((int) -value, "reading a perf counter failed: " + errnoName((int) -value));
        }
        return value;
    }

    void close(int fd) {
        PerfCounters.close(fd);
    }

    /**
     * Makes the time system call itself, bypassing the vDSO: clock_gettime(CLOCK_MONOTONIC), gettimeofday or time.
     * False if this architecture has no such system call (time on aarch64 and riscv64).
     */
    boolean callDirectly(TimeSyscall syscall) {
        int which;
        switch (syscall) {
            case CLOCK_GETTIME:
                which = PerfCounters.CLOCK_GETTIME;
                break;
            case GETTIMEOFDAY:
                which = PerfCounters.GETTIMEOFDAY;
                break;
            default:
                which = PerfCounters.TIME;
                break;
        }
        return PerfCounters.timeSyscall(which) != -ENOSYS;
    }

    static String arch() {
        return HostFacts.arch();
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
            case EIO:
                return "EIO";
            case EBADF:
                return "EBADF";
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
