package io.github.vdsoagent.report;

import io.github.vdsoagent.boot.StackSampler;
import io.github.vdsoagent.clock.PathChoice;
import io.github.vdsoagent.clock.CriticalEntry;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.elf.ElfSymbol;
import io.github.vdsoagent.flame.StackSection;
import io.github.vdsoagent.host.MapEntry;
import io.github.vdsoagent.kernel.KernelCheck;
import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.text.PlainFormat;
import io.github.vdsoagent.vdso.ArchSymbols;
import io.github.vdsoagent.vdso.Vdso;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The report for people: the host and vDSO in a few lines, then one table per API and the top call sites. */
public final class TextReport {
    private TextReport() {
    }

    /** One line on the sampled stacks, which format=html and format=collapsed show. */
    private static void writeStacks(PrintWriter w, StackSection stacks) {
        if (stacks.every() == 0) {
            w.println("stacks: not sampled (stacks=0)");
            return;
        }
        if (stacks.fromMs() < 0) {
            w.println("stacks: none yet (sampling starts with the set-up, after startdelay)");
            return;
        }
        // Calls before sampling started are counted but were never due: say when, and how many calls came after,
        // lest the due look too few.
        String from = stacks.fromMs() <= 0 ? ","
                : " of the " + PlainFormat.grouped(stacks.sampling().calls()) + " made from "
                        + (stacks.fromMs() < 1000 ? stacks.fromMs() + " ms" : seconds(stacks.fromMs()))
                        + " on, when the set-up started it;";
        w.println("stacks: " + PlainFormat.grouped(stacks.sampling().taken()) + " samples of "
                + PlainFormat.grouped(stacks.sampling().due()) + " due (one call in "
                + PlainFormat.grouped(stacks.every()) + from + " at most " + StackSampler.SAMPLES_PER_SECOND
                + " a second); format=html draws them as a flame graph, format=collapsed lists them");
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
            w.println("=== vdso-agent report: pid " + calls.pid() + ", " + seconds(calls.durationMs()) + " of "
                    + seconds(calls.uptimeMs()) + " uptime counted ===");
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
        w.println("kernel " + host.kernel() + ", " + host.arch() + ", JDK " + host.jdk() + ", clocksource "
                + host.clocksource().current() + " (available: " + String.join(" ", host.clocksource().available()) + ")");
        PathChoice backend = host.backend();
        if (backend == null) {
            w.println("clock backend: jvm (the agent is still setting up its clock path)");
            return;
        }
        w.println("clock backend: " + backend.name() + ", reads " + describe(backend)
                + (backend.reason() == null ? "" : " (" + backend.reason() + ")"));
        CriticalEntry entry = backend.jniEntry();
        if (entry != null) {
            w.println("JNI entry: " + (entry.critical()
                    ? "critical, without thread-state transitions (" + entry.detail() + ")"
                    : "standard, so far (" + entry.detail() + ")"));
        }
        Vdso vdso = backend.vdso();
        if (vdso == null) {
            w.println("vDSO: not resolved: " + backend.vdsoError());
        } else {
            w.println("vDSO at " + PlainFormat.hex(vdso.base()) + " (found with " + vdso.source() + ")");
            for (MapEntry map : vdso.maps()) {
                w.println("  " + Long.toHexString(map.start()) + "-" + Long.toHexString(map.end()) + " " + map.perms()
                        + " " + PlainFormat.left(map.name(), 14) + " " + PlainFormat.grouped(map.size()) + " bytes");
            }
            writeSymbols(w, vdso, allSymbols, host.arch());
        }
        if (allSymbols) {
            writeCalibration(w, host.calibration());
        }
    }

    private static String describe(PathChoice backend) {
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
        Optional<ArchSymbols> known = ArchSymbols.forArch(arch);
        List<String> timeFunctions = known.isPresent() ? known.get().timeFunctions() : List.of();
        w.println(all ? "  exported functions:" : "  time functions:");
        for (ElfSymbol symbol : vdso.symbols()) {
            if (all || timeFunctions.contains(symbol.name())) {
                w.println("    " + PlainFormat.left(symbol.name(), 28) + " "
                        + PlainFormat.left(symbol.version() == null ? "-" : symbol.version(), 14) + " "
                        + PlainFormat.hex(symbol.offset()) + (symbol.binding().equals("WEAK") ? "  weak" : ""));
            }
        }
    }

    private static void writeCalibration(PrintWriter w, Calibration calibration) {
        if (calibration == null) {
            return;
        }
        w.println("median ns per call:        vDSO    syscall");
        for (ClockTiming t : calibration.clocks()) {
            w.println("  " + PlainFormat.right(Integer.toString(t.clock().id()), 2) + " "
                    + PlainFormat.left(t.clock().name(), 24) + " " + PlainFormat.right(ns(t.vdsoNs()), 7) + " "
                    + PlainFormat.right(ns(t.syscallNs()), 10));
        }
        w.println("  JVM System.nanoTime() " + PlainFormat.decimals(calibration.jvmNanoTimeNs(), 1)
                + " ns, System.currentTimeMillis() " + PlainFormat.decimals(calibration.jvmCurrentTimeMillisNs(), 1) + " ns");
    }

    private static void writeCalls(PrintWriter w, CallSection calls, KernelCheck kernel) {
        w.println();
        w.println(PlainFormat.left("API", 58) + " " + PlainFormat.right("calls", 15) + " "
                + PlainFormat.right("avoided kernel", 15) + " " + PlainFormat.right("entered kernel", 15) + "  clock");
        for (ApiRow row : calls.apis()) {
            w.println(countsRow(row.api().apiName(), row.calls(), row.avoidedKernel(), row.enteredKernel())
                    + "  " + row.clock());
        }
        w.println(countsRow("total", calls.totalCalls(), calls.totalAvoidedKernel(), calls.totalEnteredKernel()));
        writeEvidence(w, calls.apis());
        if (kernel != null) {
            KernelCheckText.write(w, kernel);
        }
        for (ClocksourceChange change : calls.clocksourceChanges()) {
            w.println("  the kernel switched its clocksource from " + change.from() + " to " + change.to() + " at "
                    + change.at() + ": the calls before it are judged by the check made before it");
        }
        if (calls.coarse() != null) {
            CoarseText.write(w, calls.coarse(), calls.durationMs());
        }
        w.println();
        w.println("top call sites (" + calls.topSites().size() + " of " + calls.sitesWithCalls() + " with calls):");
        for (SiteRow row : calls.topSites()) {
            CallSite s = row.site();
            w.println(PlainFormat.right(PlainFormat.grouped(row.calls()), 15) + "  " + s.location() + "  "
                    + s.api().apiName() + (s.api().isCoarse() ? " (coarse)" : ""));
        }
        writeStacks(w, calls.stacks());
        w.println("agent: " + calls.transforms().classesRewritten() + " classes rewritten, "
                + calls.transforms().sitesFound() + " call sites, " + calls.transforms().classesFailed()
                + " classes left as they were after errors; options " + calls.options());
        List<String> running = calls.transforms().runningAtStart();
        if (!running.isEmpty()) {
            w.println("note: " + running.size() + " rewritten method" + (running.size() == 1 ? " was" : "s were")
                    + " running when the agent attached; a running invocation keeps the old code until it returns,"
                    + " so its calls are not counted: " + String.join(", ", running.subList(0, Math.min(10,
                    running.size()))) + (running.size() > 10 ? " and " + (running.size() - 10) + " more" : ""));
        }
        AdviceText.write(w, calls.advice());
    }

    /**
     * Says once, per distinct reason, why the split is what it is and whether it was measured or inferred. Loops,
     * not streams: this often runs as the JVM exits, where a stream's first use costs milliseconds of set-up.
     */
    private static void writeEvidence(PrintWriter w, List<ApiRow> apis) {
        Set<String> said = new LinkedHashSet<>();
        for (ApiRow api : apis) {
            Verdict v = api.verdict();
            said.add("  " + evidenceWord(v) + " kernel (" + v.evidence().name().toLowerCase(Locale.ROOT) + "): " + v.why());
        }
        for (String line : said) {
            w.println(line);
        }
    }

    private static String evidenceWord(Verdict v) {
        switch (v.path()) {
            case VDSO:
                return "avoided";
            case KERNEL:
                return "entered";
            default:
                return PlainFormat.decimals(100 * v.kernelFraction(), 2) + "% entered";
        }
    }

    private static String ns(Double value) {
        return value == null ? "-" : PlainFormat.decimals(value, 1);
    }

    private static String seconds(long ms) {
        return PlainFormat.decimals(ms / 1000.0, 1) + " s";
    }

    /** {@code %-58s %,15d %,15d %,15d}. */
    private static String countsRow(String name, long a, long b, long c) {
        return PlainFormat.left(name, 58) + " " + PlainFormat.right(PlainFormat.grouped(a), 15) + " "
                + PlainFormat.right(PlainFormat.grouped(b), 15) + " " + PlainFormat.right(PlainFormat.grouped(c), 15);
    }
}
