package io.github.vdsoagent.agent;

import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.host.CpuFlags;
import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.report.Advice;
import io.github.vdsoagent.report.ApiRow;
import io.github.vdsoagent.report.SiteRow;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.text.PlainFormat;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The report's advice: what its own figures suggest, each with the figures and the estimated gain. Three kinds: a
 * clocksource without a vDSO mode while one with a vDSO mode is available; thread CPU time read often enough to
 * cost something; wall-clock sites read often enough to be worth the coarse clock. Rates are calls per second of
 * the report's window; gains are CPU time per second of it.
 */
final class AdviceBuilder {
    /**
     * Thread CPU time read more often than this: at 300 to 500 ns a system call, 10,000 reads a second cost 0.3 to
     * 0.5% of a core, where reading it less often starts to be worth a change of code.
     */
    static final double THREAD_TIME_CALLS_PER_SECOND = 10_000;
    /**
     * A wall-clock site read more often than this is a {@code coarse=} candidate: on a clocksource without a vDSO
     * mode, 10,000 reads a second cost 0.3 to 0.7% of a core in system calls; on tsc a tenth of that, which the
     * advice's gain says.
     */
    static final double COARSE_CALLS_PER_SECOND = 10_000;
    /**
     * What a CLOCK_REALTIME or CLOCK_MONOTONIC read costs through the vDSO on a clocksource with a vDSO mode: 21 to
     * 29 ns on tsc in C on the benchmark host (BENCHMARKS.md's floor). A host without one cannot time it, so the
     * clocksource advice estimates its gain against this.
     */
    static final double VDSO_READ_NS = 25;
    /** Rates from a shorter window say more about the JVM's start than about the application. */
    static final long SHORTEST_WINDOW_MS = 1000;
    /** The coarse candidates the advice lists, most saving first; the rest are counted. */
    static final int MOST_COARSE_SITES = 5;
    /** The busiest sites each thread-time advice names. */
    private static final int SITES_NAMED = 3;
    private static final String PREFERRED_SOURCE = "tsc";
    private static final String SYSFS_CURRENT = "/sys/devices/system/clocksource/clocksource0/current_clocksource";

    private AdviceBuilder() {
    }

    /**
     * @param apis       the report's API rows, with their verdicts
     * @param sites      every site with calls in the window
     * @param mode       what the stub reads through
     * @param durationMs the report's window
     */
    static List<Advice> advise(List<ApiRow> apis, List<SiteRow> sites, Clocksource clocksource, Calibration timings,
                               ClockMode mode, long durationMs) {
        List<Advice> advice = new ArrayList<>();
        if (clocksourceDue(clocksource, apis)) {
            Advice switchSource = clocksource(clocksource, apis, timings, durationMs, CpuFlags.read());
            if (switchSource != null) {
                advice.add(switchSource);
            }
        }
        if (durationMs >= SHORTEST_WINDOW_MS) {
            for (ApiRow row : apis) {
                if ((row.api() == TimeApi.THREAD_CPU_TIME || row.api() == TimeApi.THREAD_USER_TIME)
                        && perSecond(row.calls(), durationMs) > THREAD_TIME_CALLS_PER_SECOND) {
                    advice.add(threadTime(row, sites, timings, durationMs));
                }
            }
            Advice coarse = coarse(sites, timings, mode, durationMs);
            if (coarse != null) {
                advice.add(coarse);
            }
        }
        advice.sort(new MostGainFirst());
        return List.copyOf(advice);
    }

    /** Most gain first; advice whose gain is not known last, in the order made. */
    private static final class MostGainFirst implements Comparator<Advice> { // not a lambda: this may run at exit
        @Override
        public int compare(Advice a, Advice b) {
            double ga = a.gainNsPerSecond() == null ? -1 : a.gainNsPerSecond();
            double gb = b.gainNsPerSecond() == null ? -1 : b.gainNsPerSecond();
            return Double.compare(gb, ga);
        }
    }

    /**
     * A clocksource without a vDSO mode, or xen's while the precise clocks' reads enter the kernel (a vDSO mode only
     * with the hypervisor's stable bit): worth a look for one with a vDSO mode.
     */
    static boolean clocksourceDue(Clocksource clocksource, List<ApiRow> apis) {
        Clocksource.VdsoMode mode = clocksource.vdsoMode(); // ifs, not a switch, whose map class the exit would load
        if (mode == Clocksource.VdsoMode.NO) {
            return true;
        }
        if (mode != Clocksource.VdsoMode.DEPENDS_ON_HYPERVISOR) {
            return false;
        }
        for (ApiRow row : apis) {
            if (readsPreciseClock(row) && row.verdict().path() != Verdict.Path.VDSO) {
                return true;
            }
        }
        return false;
    }

    /** The switch to a clocksource with a vDSO mode, or null when none is available. */
    static Advice clocksource(Clocksource clocksource, List<ApiRow> apis, Calibration timings, long durationMs,
                              CpuFlags flags) {
        String better = vdsoCapable(clocksource);
        if (better == null) {
            return null;
        }
        String current = clocksource.current();
        List<String> evidence = new ArrayList<>();
        evidence.add("current_clocksource " + current + (clocksource.vdsoMode() == Clocksource.VdsoMode.NO
                ? ": no vDSO mode, so the vDSO passes every CLOCK_REALTIME and CLOCK_MONOTONIC read to the kernel"
                : ": a vDSO mode only with the hypervisor's stable bit, and reads here entered the kernel"));
        evidence.add("available_clocksource " + String.join(" ", clocksource.available()));
        double gain = 0;
        long entered = 0;
        boolean timed = true;
        for (ApiRow row : apis) {
            if (!readsPreciseClock(row)) {
                continue;
            }
            ClockId clock = ClockId.valueOf(row.clock());
            Double cost = readCost(timings, clock);
            evidence.add(row.api().apiName() + ": " + PlainFormat.grouped(row.enteredKernel()) + " of "
                    + PlainFormat.grouped(row.calls()) + " calls entered the kernel (" + row.verdict().word() + ", "
                    + row.verdict().evidence().name().toLowerCase(java.util.Locale.ROOT) + ")"
                    + (cost == null ? "" : ", " + PlainFormat.decimals(cost, 1) + " ns a read of " + clock));
            entered += row.enteredKernel();
            if (cost == null) {
                timed &= row.enteredKernel() == 0;
            } else {
                gain += row.enteredKernel() * Math.max(0, cost - VDSO_READ_NS);
            }
        }
        if (better.equals(PREFERRED_SOURCE) && flags.known()) {
            evidence.add("CPU flags: constant_tsc " + (flags.has("constant_tsc") ? "yes" : "NO") + ", nonstop_tsc "
                    + (flags.has("nonstop_tsc") ? "yes" : "NO"));
        }
        Double perSecond = null;
        String gainText;
        if (durationMs < SHORTEST_WINDOW_MS) {
            gainText = "not estimated: the window (" + durationMs + " ms) is too short for a rate";
        } else if (!timed) {
            gainText = "not estimated: the clocks were not timed (the agent's clock set-up has not run)";
        } else {
            perSecond = gain * 1000.0 / durationMs;
            gainText = entered == 0 ? "none seen in this window: no precise read entered the kernel"
                    : cpuShare(perSecond) + ": " + PlainFormat.grouped(Math.round(entered * 1000.0 / durationMs))
                    + " kernel entries a second, each about " + PlainFormat.decimals(VDSO_READ_NS, 0)
                    + " ns through the vDSO on " + better + " instead";
        }
        return new Advice("clocksource", "switch the clocksource from " + current + " to " + better + ", which has a"
                + " vDSO mode: precise clock reads would stay in user space", List.copyOf(evidence), perSecond,
                gainText, "as root: echo " + better + " > " + SYSFS_CURRENT + " (until the next boot; the kernel"
                + " parameter clocksource=" + better + " keeps it). Caveats: " + caveats(better, flags));
    }

    private static String caveats(String better, CpuFlags flags) {
        if (!better.equals(PREFERRED_SOURCE)) {
            return "test it first; the kernel may refuse it or switch back if it finds it unstable"
                    + " (dmesg: \"Marking clocksource '" + better + "' as unstable\")";
        }
        String trust = flags.known() && !(flags.has("constant_tsc") && flags.has("nonstop_tsc"))
                ? "this CPU lacks constant_tsc or nonstop_tsc, so its TSC may drift or stop, and the kernel will"
                + " likely refuse it; " : "";
        return trust + "the kernel switches back by itself if it finds the TSC unstable (dmesg: \"Marking"
                + " clocksource 'tsc' as unstable\"); on Xen and some older hypervisors the TSC is not kept in step"
                + " across vCPUs or migrations, so ask the provider (AWS documents tsc as the better choice on its Xen instances)";
    }

    /** An available clocksource with a vDSO mode, tsc first; null if none. */
    static String vdsoCapable(Clocksource clocksource) {
        String found = null;
        for (String name : clocksource.available()) {
            if (name.equals(clocksource.current())
                    || new Clocksource(name, List.of()).vdsoMode() != Clocksource.VdsoMode.YES) {
                continue;
            }
            if (name.equals(PREFERRED_SOURCE)) {
                return name;
            }
            found = found == null ? name : found;
        }
        return found;
    }

    private static boolean readsPreciseClock(ApiRow row) {
        return row.clock().equals(ClockId.CLOCK_REALTIME.name()) || row.clock().equals(ClockId.CLOCK_MONOTONIC.name());
    }

    /**
     * A read's measured cost in the vDSO function, timed in C (it makes the system call itself when it must); else
     * through the stub's native path, or by the forced system call.
     */
    private static Double readCost(Calibration timings, ClockId clock) {
        ClockTiming timing = timings == null ? null : timings.of(clock);
        if (timing == null) {
            return null;
        }
        return timing.functionNs() != null ? timing.functionNs()
                : timing.vdsoNs() != null ? timing.vdsoNs() : timing.syscallNs();
    }

    static Advice threadTime(ApiRow row, List<SiteRow> sites, Calibration timings, long durationMs) {
        double rate = perSecond(row.calls(), durationMs);
        List<String> evidence = new ArrayList<>();
        evidence.add(row.api().apiName() + ": " + PlainFormat.grouped(row.calls()) + " calls in "
                + seconds(durationMs) + ", " + PlainFormat.grouped(Math.round(rate)) + " a second; "
                + row.verdict().why());
        int named = 0;
        for (SiteRow site : sites) {
            if (site.site().api() == row.api() && named++ < SITES_NAMED) {
                evidence.add(PlainFormat.grouped(site.calls()) + " at " + where(site.site()));
            }
        }
        Double cost = row.api() == TimeApi.THREAD_CPU_TIME ? readCost(timings, ClockId.CLOCK_THREAD_CPUTIME_ID) : null;
        Double perSecond = cost == null ? null : rate * cost;
        String gain = perSecond != null ? "its cost now: " + cpuShare(perSecond) + ", " + PlainFormat.decimals(cost, 1)
                + " ns a read; reading it a tenth as often saves nine tenths of that"
                : row.api() == TimeApi.THREAD_USER_TIME
                ? "not timed: each call reads /proc/self/task/<tid>/stat, several microseconds of system calls"
                : "not timed: the agent's clock set-up has not run";
        return new Advice("thread-cpu-time", "read " + row.api().apiName() + " less often: "
                + PlainFormat.grouped(Math.round(rate)) + " calls a second, each entering the kernel",
                List.copyOf(evidence), perSecond, gain, "read it once per task or request rather than per operation,"
                + " or sample it; Linux answers a thread's CPU clock only in the kernel, so no clock option helps");
    }

    /** The wall-clock sites above the rate, as coarse= candidates; null if none. */
    static Advice coarse(List<SiteRow> sites, Calibration timings, ClockMode mode, long durationMs) {
        ClockMode path = mode == ClockMode.SYSCALL ? ClockMode.SYSCALL : ClockMode.VDSO; // what coarse= would read through
        Double precise = CoarseReport.cost(timings, ClockId.CLOCK_REALTIME, path);
        Double coarse = CoarseReport.cost(timings, ClockId.CLOCK_REALTIME_COARSE, path);
        Long tick = CoarseReport.resolution(timings, ClockId.CLOCK_REALTIME_COARSE);
        List<SiteRow> candidates = new ArrayList<>();
        for (SiteRow site : sites) {
            if (site.site().api().readsWallClock() && perSecond(site.calls(), durationMs) > COARSE_CALLS_PER_SECOND) {
                candidates.add(site);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        candidates.sort(new MostCalledFirst()); // the saving per call is the same at every site
        double saving = precise == null || coarse == null ? Double.NaN : precise - coarse;
        List<String> evidence = new ArrayList<>();
        evidence.add(precise == null || coarse == null ? "the clocks were not timed (the agent's clock set-up has not run)"
                : "a precise wall-clock read costs " + PlainFormat.decimals(precise, 1) + " ns here, a coarse one "
                + PlainFormat.decimals(coarse, 1) + " ns (timed " + (path == ClockMode.SYSCALL
                ? "through forced system calls" : "in the vDSO function") + ")" + (tick == null ? ""
                : "; the coarse clock's resolution (its tick) is " + PlainFormat.nanos(tick)));
        double total = 0;
        List<String> apis = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < candidates.size() && i < MOST_COARSE_SITES; i++) {
            SiteRow site = candidates.get(i);
            TimeApi api = site.site().api();
            double rate = perSecond(site.calls(), durationMs);
            total += Double.isNaN(saving) ? 0 : rate * saving;
            evidence.add(PlainFormat.grouped(Math.round(rate)) + " calls a second of " + api.apiName() + " at "
                    + where(site.site()) + (Double.isNaN(saving) ? "" : ": saves " + cpuShare(rate * saving))
                    + (api == TimeApi.CURRENT_TIME_MILLIS || api == TimeApi.NEW_DATE ? ""
                    : " (its values keep nanosecond digits but move only once a tick)"));
            addOnce(apis, "coarse=" + api.shortName());
            addOnce(classes, "coarseinclude=" + site.site().className());
        }
        if (candidates.size() > MOST_COARSE_SITES) {
            int more = candidates.size() - MOST_COARSE_SITES;
            evidence.add(more + (more == 1 ? " more site reads" : " more sites read") + " the wall clock more than "
                    + PlainFormat.grouped((long) COARSE_CALLS_PER_SECOND) + " times a second");
        }
        Double perSecond = Double.isNaN(saving) ? null : total;
        return new Advice("coarse", "read the coarse wall clock at the " + Math.min(candidates.size(), MOST_COARSE_SITES)
                + " busiest wall-clock site" + (candidates.size() == 1 ? "" : "s") + ", each above "
                + PlainFormat.grouped((long) COARSE_CALLS_PER_SECOND) + " calls a second", List.copyOf(evidence),
                perSecond, perSecond == null ? "not estimated: the clocks were not timed"
                : cpuShare(perSecond) + ", the calls a second times what a coarse read saves",
                String.join(",", apis) + "," + String.join(",", classes) + " (values then lag the precise clock by up"
                + " to a tick" + (tick == null ? "" : ", " + PlainFormat.nanos(tick)) + "; see docs/coarse-clocks.md)");
    }

    private static final class MostCalledFirst implements Comparator<SiteRow> {
        @Override
        public int compare(SiteRow a, SiteRow b) {
            int byCalls = Long.compare(b.calls(), a.calls());
            return byCalls != 0 ? byCalls : Integer.compare(a.site().id(), b.site().id());
        }
    }

    private static void addOnce(List<String> values, String value) {
        if (!values.contains(value)) {
            values.add(value);
        }
    }

    private static double perSecond(long calls, long durationMs) {
        return durationMs <= 0 ? 0 : calls * 1000.0 / durationMs;
    }

    /** CPU time per second as the reports say it: "about 4.1 ms of CPU a second (0.41% of one core)". */
    static String cpuShare(double nanosPerSecond) {
        return "about " + PlainFormat.nanos(nanosPerSecond) + " of CPU a second ("
                + PlainFormat.decimals(nanosPerSecond / 1e7, 2) + "% of one core)";
    }

    private static String seconds(long ms) {
        return PlainFormat.decimals(ms / 1000.0, 1) + " s";
    }

    private static String where(CallSite s) {
        return s.className() + "." + s.methodName() + "(" + (s.sourceFile() == null ? "Unknown Source" : s.sourceFile())
                + (s.line() >= 0 ? ":" + s.line() : "") + ")";
    }
}
