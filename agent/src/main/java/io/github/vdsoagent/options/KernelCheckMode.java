package io.github.vdsoagent.options;

/**
 * How the kernel check learns whether calls entered the kernel ({@code kernelcheck=}): SECCOMP probes each clock
 * under a seccomp filter of a child process's own, no privileges needed; PERF counts the process's time system calls
 * with perf tracepoint counters where the host allows; TIMING infers every verdict from the clocks' timings and the
 * clocksource.
 */
public enum KernelCheckMode { SECCOMP, PERF, TIMING }
