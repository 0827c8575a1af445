package io.github.vdsoagent.options;

/**
 * How the kernel check learns whether calls entered the kernel ({@code kernelcheck=}): PERF counts the process's
 * time system calls with perf tracepoint counters where the host allows, TIMING opens no counters and infers every
 * verdict from the clocks' timings and the clocksource.
 */
public enum KernelCheckMode { PERF, TIMING }
