package io.github.vdsoagent.report;

import io.github.vdsoagent.kernel.Attribution;
import io.github.vdsoagent.kernel.ClockCheck;
import io.github.vdsoagent.kernel.KernelCheck;
import io.github.vdsoagent.kernel.SyscallCounts;
import io.github.vdsoagent.kernel.TimeSyscall;
import io.github.vdsoagent.kernel.Tracepoints;

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
        if (check.method() == KernelCheck.Method.PERF_TRACEPOINT) {
            w.printf("kernel check: %s, the kernel's own system call counters (tracepoint ids from %s)%n",
                    check.method().word(), sources(check));
            if (check.reason() != null) {
                w.printf("  (%s)%n", check.reason());
            }
        } else {
            w.printf("kernel check: %s; every verdict below is inferred, not measured: %s%n", check.method().word(),
                    check.reason());
        }
        w.printf("  %-26s %-8s %-9s %12s %12s %9s %11s%n", "clock", "verdict", "evidence", "probe reads",
                "in kernel", "vDSO ns", "syscall ns");
        for (ClockCheck clock : check.clocks()) {
            w.printf(Locale.ROOT, "  %-26s %-8s %-9s %12s %12s %9s %11s  %s%n", clock.clock().name(),
                    clock.verdict().word(), clock.verdict().evidence().name().toLowerCase(Locale.ROOT),
                    count(clock.probeCalls()), count(clock.probeSyscalls()), ns(clock.vdsoNs()), ns(clock.syscallNs()),
                    clock.verdict().why());
        }
        SyscallCounts process = check.processSyscalls();
        if (process == null) {
            w.println("  time system calls from this process: not counted");
        } else {
            w.printf("  time system calls the kernel counted from this process (the JVM's own and the agent's"
                    + " included): %s%n", counts(process));
            if (check.agentSyscalls() != null) {
                w.printf("    of which the agent's probe made: %s%n", counts(check.agentSyscalls()));
            }
        }
        writeAttribution(w, check.attribution());
    }

    private static void writeAttribution(PrintWriter w, Attribution attribution) {
        if (attribution == null) {
            return;
        }
        if (attribution.exceedsKernel()) {
            w.printf("!!! KERNEL CHECK FAILED: %s !!!%n", attribution.warning());
        } else if (attribution.counted() != null) {
            w.printf(Locale.ROOT, "  the rows above attribute %,d clock_gettime kernel entries to instrumented calls;"
                    + " the kernel counted %,d in all: consistent%n", attribution.attributed(), attribution.counted());
        }
    }

    private static String sources(KernelCheck check) {
        List<String> sources = new ArrayList<>();
        for (Tracepoints.Entry entry : check.tracepoints()) {
            String source = entry.id() == null ? entry.syscall().syscallName() + ": none" : entry.source();
            if (!sources.contains(source)) {
                sources.add(source);
            }
        }
        return String.join(", ", sources);
    }

    private static String counts(SyscallCounts counts) {
        List<String> parts = new ArrayList<>();
        for (TimeSyscall syscall : TimeSyscall.values()) {
            parts.add(syscall.syscallName() + " " + count(counts.get(syscall)));
        }
        return String.join(", ", parts);
    }

    private static String count(Long value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%,d", value);
    }

    private static String ns(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }
}
