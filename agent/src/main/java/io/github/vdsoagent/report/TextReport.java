package io.github.vdsoagent.report;

import io.github.vdsoagent.clock.BackendChoice;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.count.CallSite;
import io.github.vdsoagent.elf.ElfSymbol;
import io.github.vdsoagent.host.MapEntry;
import io.github.vdsoagent.kernel.KernelCheck;
import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.vdso.ArchSymbols;
import io.github.vdsoagent.vdso.Vdso;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** The report for people: the host and vDSO in a few lines, then one table per API and the top call sites. */
public final class TextReport {
    private TextReport() {
    }

    /**
     * @param calls     null for the host part alone; its kernel check, if any, is written after the API table
     * @param allSymbols list every exported symbol (the vdso command), not only the time functions
     */
    public static void write(HostSection host, CallSection calls, boolean allSymbols, Writer out) {
        write(host, calls == null ? null : calls.kernelCheck(), calls, allSymbols, out);
    }

    /** @param kernel the kernel check, or null for none */
    public static void write(HostSection host, KernelCheck kernel, CallSection calls, boolean allSymbols, Writer out) {
        PrintWriter w = new PrintWriter(out);
        if (calls != null) {
            w.printf(Locale.ROOT, "=== vdso-agent report: pid %d, %s of %s uptime counted ===%n",
                    calls.pid(), seconds(calls.durationMs()), seconds(calls.uptimeMs()));
        }
        writeHost(w, host, allSymbols);
        if (calls != null) {
            writeCalls(w, calls, kernel);
        } else if (kernel != null) {
            KernelCheckText.write(w, kernel);
        }
        w.flush();
    }

    private static void writeHost(PrintWriter w, HostSection host, boolean allSymbols) {
        w.printf("kernel %s, %s, JDK %s, clocksource %s (available: %s)%n", host.kernel(), host.arch(), host.jdk(),
                host.clocksource().current(), String.join(" ", host.clocksource().available()));
        BackendChoice backend = host.backend();
        if (backend == null) {
            w.println("clock backend: jvm (the agent is still setting up its clock path)");
            return;
        }
        w.printf("clock backend: %s, reads %s%s%n", backend.name(), describe(backend),
                backend.reason() == null ? "" : " (" + backend.reason() + ")");
        Vdso vdso = backend.vdso();
        if (vdso == null) {
            w.printf("vDSO: not resolved: %s%n", backend.vdsoError());
        } else {
            w.printf("vDSO at %s (found with %s)%n", JsonReport.hex(vdso.base()), vdso.source());
            for (MapEntry map : vdso.maps()) {
                w.printf("  %x-%x %s %-14s %,d bytes%n", map.start(), map.end(), map.perms(), map.name(), map.size());
            }
            writeSymbols(w, vdso, allSymbols, host.arch());
        }
        if (allSymbols) {
            writeCalibration(w, host.calibration());
        }
    }

    private static String describe(BackendChoice backend) {
        switch (backend.effective()) {
            case VDSO:
                return "clocks through the vDSO's clock_gettime";
            case SYSCALL:
                return "clocks through a clock_gettime system call every time";
            default:
                return "clocks through the JVM's own calls";
        }
    }

    private static void writeSymbols(PrintWriter w, Vdso vdso, boolean all, String arch) {
        List<String> timeFunctions = ArchSymbols.forArch(arch).map(ArchSymbols::timeFunctions).orElse(List.of());
        w.println(all ? "  exported functions:" : "  time functions:");
        for (ElfSymbol symbol : vdso.symbols()) {
            if (all || timeFunctions.contains(symbol.name())) {
                w.printf("    %-28s %-14s %s%s%n", symbol.name(), symbol.version() == null ? "-" : symbol.version(),
                        JsonReport.hex(symbol.offset()), symbol.binding().equals("WEAK") ? "  weak" : "");
            }
        }
    }

    private static void writeCalibration(PrintWriter w, Calibration calibration) {
        if (calibration == null) {
            return;
        }
        w.println("median ns per call:        vDSO    syscall");
        for (ClockTiming t : calibration.clocks()) {
            w.printf(Locale.ROOT, "  %2d %-24s %7s %10s%n", t.clock().id(), t.clock().name(), ns(t.vdsoNs()), ns(t.syscallNs()));
        }
        w.printf(Locale.ROOT, "  JVM System.nanoTime() %.1f ns, System.currentTimeMillis() %.1f ns%n",
                calibration.jvmNanoTimeNs(), calibration.jvmCurrentTimeMillisNs());
    }

    private static void writeCalls(PrintWriter w, CallSection calls, KernelCheck kernel) {
        w.println();
        w.printf("%-58s %15s %15s %15s  %s%n", "API", "calls", "avoided kernel", "entered kernel", "clock");
        for (ApiRow row : calls.apis()) {
            w.printf(Locale.ROOT, "%-58s %,15d %,15d %,15d  %s%n", row.api().apiName(), row.calls(), row.avoidedKernel(),
                    row.enteredKernel(), row.api().clockLabel());
        }
        w.printf(Locale.ROOT, "%-58s %,15d %,15d %,15d%n", "total", calls.totalCalls(), calls.totalAvoidedKernel(),
                calls.totalEnteredKernel());
        writeEvidence(w, calls.apis());
        if (kernel != null) {
            KernelCheckText.write(w, kernel);
        }
        w.println();
        w.printf("top call sites (%d of %d with calls):%n", calls.topSites().size(), calls.sitesWithCalls());
        for (SiteRow row : calls.topSites()) {
            CallSite s = row.site();
            w.printf(Locale.ROOT, "%,15d  %s.%s(%s%s)  %s%n", row.calls(), s.className(), s.methodName(),
                    s.sourceFile() == null ? "Unknown Source" : s.sourceFile(), s.line() >= 0 ? ":" + s.line() : "",
                    s.api().apiName());
        }
        w.printf(Locale.ROOT, "agent: %d classes rewritten, %d call sites, %d classes left as they were after errors; options %s%n",
                calls.transforms().classesRewritten(), calls.transforms().sitesFound(), calls.transforms().classesFailed(),
                calls.options());
    }

    /** Says once, per distinct reason, why the split is what it is and whether it was measured or inferred. */
    private static void writeEvidence(PrintWriter w, List<ApiRow> apis) {
        apis.stream().map(ApiRow::verdict).map(v -> "  " + evidenceWord(v) + " kernel ("
                + v.evidence().name().toLowerCase(Locale.ROOT) + "): " + v.why())
                .distinct().forEach(w::println);
    }

    private static String evidenceWord(Verdict v) {
        switch (v.path()) {
            case VDSO:
                return "avoided";
            case KERNEL:
                return "entered";
            default:
                return String.format(Locale.ROOT, "%.2f%% entered", 100 * v.kernelFraction());
        }
    }

    private static String ns(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
