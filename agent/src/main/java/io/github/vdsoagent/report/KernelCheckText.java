package io.github.vdsoagent.report;

import io.github.vdsoagent.kernel.Attribution;
import io.github.vdsoagent.kernel.ClockCheck;
import io.github.vdsoagent.kernel.KernelCheck;
import io.github.vdsoagent.kernel.SyscallCounts;
import io.github.vdsoagent.kernel.TimeSyscall;
import io.github.vdsoagent.kernel.Tracepoints;
import io.github.vdsoagent.text.PlainFormat;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The kernel check for people: how it was done, a line per clock, the process's time system calls, the attribution. */
final class KernelCheckText {
    private KernelCheckText() {
    }

    static void write(PrintWriter w, KernelCheck check) {
        w.println();
        if (check.method() == KernelCheck.Method.PERF_TRACEPOINT || check.method() == KernelCheck.Method.SECCOMP) {
            w.println("kernel check: " + check.method().word() + (check.method() == KernelCheck.Method.SECCOMP
                    ? ", a probe read each clock through the vDSO under a seccomp filter of its own that fails the"
                    + " time system calls (no privileges needed)"
                    : ", the kernel's own system call counters (tracepoint ids from " + sources(check) + ")"));
            if (check.reason() != null) {
                w.println("  (" + check.reason() + ")");
            }
            if (check.othersNotUsed() != null) {
                w.println("  (" + check.othersNotUsed() + ")");
            }
        } else {
            w.println("kernel check: " + check.method().word() + "; every verdict below is inferred, not measured: "
                    + check.reason());
        }
        w.println(row("clock", "verdict", "evidence", "probe reads", "in kernel", "vDSO ns", "syscall ns"));
        for (ClockCheck clock : check.clocks()) {
            w.println(row(clock.clock().name(), clock.verdict().word(),
                    clock.verdict().evidence().name().toLowerCase(Locale.ROOT), count(clock.probeCalls()),
                    count(clock.probeSyscalls()), ns(clock.vdsoNs()), ns(clock.syscallNs()))
                    + "  " + clock.verdict().why());
        }
        SyscallCounts process = check.processSyscalls();
        if (process == null) {
            w.println("  time system calls from this process: not counted"
                    + (check.method() == KernelCheck.Method.SECCOMP ? " (kernelcheck=perf counts them)" : ""));
        } else {
            w.println("  time system calls the kernel counted from this process in the session's last "
                    + seconds(check.countedForMs())
                    + " (the JVM's own and the agent's included): " + counts(process, check) + notCounted(check));
            if (check.agentSyscalls() != null) {
                w.println("    of which the agent's probe made: " + counts(check.agentSyscalls(), check));
            }
        }
        writeAttribution(w, check.attribution(), check.countedForMs());
    }

    private static void writeAttribution(PrintWriter w, Attribution attribution, Long countedForMs) {
        if (attribution == null) {
            return;
        }
        if (attribution.exceedsKernel()) {
            w.println("!!! KERNEL CHECK FAILED: " + attribution.warning() + " !!!");
        } else if (attribution.counted() != null) {
            w.println("  the calls of the rows above made in those " + seconds(countedForMs) + " account for "
                    + PlainFormat.grouped(attribution.attributed()) + " clock_gettime kernel entries; the kernel counted "
                    + PlainFormat.grouped(attribution.counted()) + " in all: consistent");
        }
    }

    private static String sources(KernelCheck check) {
        List<String> sources = new ArrayList<>();
        for (Tracepoints.Entry entry : check.tracepoints()) {
            if (!entry.wanted()) {
                continue;
            }
            String source = entry.id() == null ? entry.syscall().syscallName() + ": none" : entry.source();
            if (!sources.contains(source)) {
                sources.add(source);
            }
        }
        return String.join(", ", sources);
    }

    /** The counts of the system calls the options asked for. */
    private static String counts(SyscallCounts counts, KernelCheck check) {
        List<String> parts = new ArrayList<>();
        for (Tracepoints.Entry entry : check.tracepoints()) {
            if (entry.wanted()) {
                TimeSyscall syscall = entry.syscall();
                parts.add(syscall.syscallName() + " " + count(counts.get(syscall)));
            }
        }
        return String.join(", ", parts);
    }

    /** " (gettimeofday, time not counted: syscalls=all counts them)", or nothing. */
    private static String notCounted(KernelCheck check) {
        List<String> left = new ArrayList<>();
        for (Tracepoints.Entry entry : check.tracepoints()) {
            if (!entry.wanted()) {
                left.add(entry.syscall().syscallName());
            }
        }
        return left.isEmpty() ? "" : " (" + String.join(", ", left) + " not counted: syscalls=all counts "
                + (left.size() == 1 ? "it" : "them") + ")";
    }

    private static String seconds(Long ms) {
        return ms == null ? "-" : PlainFormat.decimals(ms / 1000.0, 1) + " s";
    }

    private static String count(Long value) {
        return value == null ? "-" : PlainFormat.grouped(value);
    }

    private static String ns(Double value) {
        return value == null ? "-" : PlainFormat.decimals(value, 1);
    }

    /** {@code "  %-26s %-8s %-9s %12s %12s %9s %11s"}. */
    private static String row(String clock, String verdict, String evidence, String reads, String inKernel,
                              String vdsoNs, String syscallNs) {
        return "  " + PlainFormat.left(clock, 26) + " " + PlainFormat.left(verdict, 8) + " " + PlainFormat.left(evidence, 9)
                + " " + PlainFormat.right(reads, 12) + " " + PlainFormat.right(inKernel, 12) + " "
                + PlainFormat.right(vdsoNs, 9) + " " + PlainFormat.right(syscallNs, 11);
    }
}
