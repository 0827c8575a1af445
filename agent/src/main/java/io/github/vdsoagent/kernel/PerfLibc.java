package io.github.vdsoagent.kernel;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The libc functions the kernel check calls through JNA, on its cold path only: syscall(2) for perf_event_open
 * (glibc has no wrapper) and for the deliberate time system calls of the self-test, read(2) and close(2) for the
 * counters. Every argument of syscall() is passed as a Java long: a 64-bit register, as the kernel reads it.
 */
interface PerfLibc extends Library {
    PerfLibc INSTANCE = Native.load("c", PerfLibc.class);

    long syscall(long number, Object... args);

    long read(int fd, long[] buffer, long count);

    int close(int fd);
}
