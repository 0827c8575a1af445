package io.github.vdsoagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.host.CpuFlags;
import io.github.vdsoagent.instrument.TransformStats;
import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.report.Advice;
import io.github.vdsoagent.report.ApiRow;
import io.github.vdsoagent.report.CallSection;
import io.github.vdsoagent.report.HostSection;
import io.github.vdsoagent.report.JsonReport;
import io.github.vdsoagent.report.TextReport;
import io.github.vdsoagent.report.SiteRow;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.TimeApi;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The advice, on hosts this machine is not: an hpet host whose precise reads are system calls with tsc available, a
 * xen host, a host with nothing better; thread CPU time read often; busy wall-clock sites. Timings as such hosts
 * give them (an hpet read of 640 ns).
 */
class AdviceBuilderTest {
    private static final Calibration HPET = Calibration.of(List.of(
            new ClockTiming(ClockId.CLOCK_REALTIME, 700.0, 690.0, 640.0, 1L),
            new ClockTiming(ClockId.CLOCK_MONOTONIC, 700.0, 690.0, 650.0, 1L),
            new ClockTiming(ClockId.CLOCK_THREAD_CPUTIME_ID, 420.0, 410.0, 400.0, 1L),
            new ClockTiming(ClockId.CLOCK_REALTIME_COARSE, 40.0, 600.0, 5.0, 4_000_000L)), 650.0, 650.0);
    private static final Clocksource HPET_WITH_TSC = new Clocksource("hpet", List.of("hpet", "acpi_pm", "tsc"));
    private static final CpuFlags GOOD_TSC = new CpuFlags(Set.of("fpu", "tsc", "constant_tsc", "nonstop_tsc"));
    private static final Verdict KERNEL = Verdict.measured(17, 17, "17 of 17 probe reads entered the kernel");
    private static final Verdict VDSO = Verdict.measured(17, 0, "0 of 17 probe reads entered the kernel");

    private static ApiRow row(TimeApi api, long calls, Verdict verdict) {
        return new ApiRow(api, calls, verdict, verdict.enteredOf(calls), api.clockLabel());
    }

    @Test
    void hpetWithTscAvailableIsToldToSwitchWithTheCommandAndItsGain() {
        List<ApiRow> apis = List.of(row(TimeApi.CURRENT_TIME_MILLIS, 2_000_000, KERNEL),
                row(TimeApi.NANO_TIME, 1_000_000, KERNEL));
        assertTrue(AdviceBuilder.clocksourceDue(HPET_WITH_TSC, apis));
        Advice advice = AdviceBuilder.clocksource(HPET_WITH_TSC, apis, HPET, 10_000, GOOD_TSC);
        assertNotNull(advice);
        assertEquals("clocksource", advice.kind());
        assertTrue(advice.summary().contains("from hpet to tsc"), advice.summary());
        assertTrue(advice.action().startsWith("as root: echo tsc > /sys/devices/system/clocksource/clocksource0/"
                + "current_clocksource"), advice.action());
        assertTrue(advice.action().contains("clocksource=tsc"), advice.action());
        assertTrue(String.join("\n", advice.evidence()).contains("constant_tsc yes, nonstop_tsc yes"));
        assertTrue(String.join("\n", advice.evidence()).contains("available_clocksource hpet acpi_pm tsc"));
        // (2,000,000 x (640 - 25) + 1,000,000 x (650 - 25)) ns in 10 s
        assertEquals((2_000_000 * 615.0 + 1_000_000 * 625.0) / 10, advice.gainNsPerSecond(), 1e-6);
        assertTrue(advice.gain().contains("% of one core"), advice.gain());
    }

    @Test
    void aTscTheCpuCannotKeepIsACaveat() {
        Advice advice = AdviceBuilder.clocksource(HPET_WITH_TSC, List.of(row(TimeApi.NANO_TIME, 10, KERNEL)), HPET,
                10_000, new CpuFlags(Set.of("fpu", "tsc")));
        assertTrue(String.join("\n", advice.evidence()).contains("constant_tsc NO, nonstop_tsc NO"));
        assertTrue(advice.action().contains("lacks constant_tsc or nonstop_tsc"), advice.action());
    }

    @Test
    void noSwitchIsAdvisedWithoutABetterClocksourceOrWithoutNeed() {
        List<ApiRow> entering = List.of(row(TimeApi.NANO_TIME, 10, KERNEL));
        assertNull(AdviceBuilder.clocksource(new Clocksource("hpet", List.of("hpet", "acpi_pm")), entering, HPET,
                10_000, GOOD_TSC), "nothing with a vDSO mode to switch to");
        assertFalse(AdviceBuilder.clocksourceDue(new Clocksource("tsc", List.of("tsc", "hpet")), entering));
        assertFalse(AdviceBuilder.clocksourceDue(new Clocksource("xen", List.of("xen", "tsc")),
                List.of(row(TimeApi.NANO_TIME, 10, VDSO))), "xen whose reads stay in user space has its stable bit");
        assertTrue(AdviceBuilder.clocksourceDue(new Clocksource("xen", List.of("xen", "tsc")), entering));
        assertFalse(AdviceBuilder.clocksourceDue(new Clocksource(null, List.of()), entering), "sysfs unreadable");
        assertEquals("kvm-clock", AdviceBuilder.vdsoCapable(new Clocksource("hpet", List.of("hpet", "kvm-clock"))));
    }

    @Test
    void threadCpuTimeReadOftenIsCostedAndBelowTheThresholdNot() {
        SiteRegistry registry = new SiteRegistry();
        int site = registry.idFor(1, "a.Worker", "step", "()V", 0, "Worker.java", 7, TimeApi.THREAD_CPU_TIME);
        List<SiteRow> sites = List.of(new SiteRow(registry.sites().get(site), 50_000));
        List<Advice> advice = AdviceBuilder.advise(List.of(row(TimeApi.THREAD_CPU_TIME, 50_000, KERNEL)), sites,
                new Clocksource("tsc", List.of("tsc")), HPET, ClockMode.VDSO, 1_000);
        assertEquals(1, advice.size(), advice.toString());
        assertEquals("thread-cpu-time", advice.get(0).kind());
        assertEquals(50_000 * 400.0, advice.get(0).gainNsPerSecond(), 1e-6);
        assertTrue(String.join("\n", advice.get(0).evidence()).contains("50,000 at a.Worker.step(Worker.java:7)"));
        assertTrue(AdviceBuilder.advise(List.of(row(TimeApi.THREAD_CPU_TIME, 9_000, KERNEL)), sites,
                new Clocksource("tsc", List.of("tsc")), HPET, ClockMode.VDSO, 1_000).isEmpty(), "9,000 a second");
    }

    @Test
    void busyWallClockSitesAreCoarseCandidatesWithTheirOptions() {
        SiteRegistry registry = new SiteRegistry();
        List<SiteRow> sites = new ArrayList<>();
        long[] calls = {900_000, 300_000, 200_000, 150_000, 120_000, 110_000, 101_000, 5_000};
        for (int i = 0; i < calls.length; i++) {
            TimeApi api = i == 1 ? TimeApi.INSTANT_NOW : TimeApi.CURRENT_TIME_MILLIS;
            int id = registry.idFor(1, "a.Log" + i, "write", "()V", 0, "Log" + i + ".java", 3, api);
            sites.add(new SiteRow(registry.sites().get(id), calls[i]));
        }
        int precise = registry.idFor(1, "a.Timer", "tick", "()V", 0, "Timer.java", 9, TimeApi.NANO_TIME);
        sites.add(new SiteRow(registry.sites().get(precise), 10_000_000));
        Advice advice = AdviceBuilder.coarse(sites, HPET, ClockMode.VDSO, 10_000);
        assertNotNull(advice);
        assertEquals("coarse", advice.kind());
        String evidence = String.join("\n", advice.evidence());
        assertTrue(evidence.contains("90,000 calls a second of java.lang.System.currentTimeMillis at a.Log0.write(Log0.java:3)"),
                evidence);
        assertTrue(evidence.contains("2 more sites read the wall clock more than 10,000 times a second"), evidence);
        assertFalse(evidence.contains("a.Log7"), "500 a second is below the threshold");
        assertFalse(evidence.contains("a.Timer"), "nanoTime is never a candidate");
        assertTrue(advice.action().startsWith("coarse=currentTimeMillis,coarse=Instant.now,coarseinclude=a.Log0,"
                + "coarseinclude=a.Log1,"), advice.action());
        // the five listed: (900,000 + 300,000 + 200,000 + 150,000 + 120,000) calls in 10 s, each saving 635 ns
        assertEquals(167_000 * 635.0, advice.gainNsPerSecond(), 1e-3);
    }

    @Test
    void textAndJsonCarryEachAdvice() throws Exception {
        Advice advice = AdviceBuilder.clocksource(HPET_WITH_TSC, List.of(row(TimeApi.NANO_TIME, 1_000_000, KERNEL)),
                HPET, 10_000, GOOD_TSC);
        CallSection calls = new CallSection(1, 2, Instant.EPOCH, 10_000, List.of(), List.of(), 0,
                new TransformStats(1, 1, 1, 0, List.of()), "", null, List.of(), null, List.of(advice));
        HostSection host = new HostSection("6.18", "x86_64", "17", HPET_WITH_TSC, null, null);
        StringWriter text = new StringWriter();
        TextReport.write(host, calls, false, text);
        assertTrue(text.toString().contains("advice (1):\n  1. switch the clocksource from hpet to tsc"), text.toString());
        assertTrue(text.toString().contains("     do: as root: echo tsc > "), text.toString());
        StringWriter json = new StringWriter();
        JsonReport.write(host, calls, json);
        JsonNode node = new ObjectMapper().readTree(json.toString());
        assertTrue(node.get("coarse").isNull());
        JsonNode first = node.get("advice").get(0);
        assertEquals("clocksource", first.get("kind").asText());
        assertEquals(advice.evidence().size(), first.get("evidence").size());
        assertEquals(advice.gainNsPerSecond(), first.get("gainNsPerSecond").asDouble(), 1e-6);
        assertEquals(advice.action(), first.get("action").asText());

        StringWriter none = new StringWriter();
        TextReport.write(host, new CallSection(1, 2, Instant.EPOCH, 10_000, List.of(), List.of(), 0,
                new TransformStats(1, 1, 1, 0, List.of()), "", null, List.of()), false, none);
        assertTrue(none.toString().contains("advice: none"), none.toString());
    }

    @Test
    void aShortWindowGivesNoRates() {
        List<Advice> advice = AdviceBuilder.advise(List.of(row(TimeApi.THREAD_CPU_TIME, 50_000, KERNEL)), List.of(),
                new Clocksource("tsc", List.of("tsc")), HPET, ClockMode.VDSO, AdviceBuilder.SHORTEST_WINDOW_MS - 1);
        assertTrue(advice.isEmpty(), advice.toString());
    }
}
