package io.github.vdsoagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.instrument.TransformStats;
import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.report.ApiRow;
import io.github.vdsoagent.report.CallSection;
import io.github.vdsoagent.report.CoarseSection;
import io.github.vdsoagent.report.HostSection;
import io.github.vdsoagent.report.JsonReport;
import io.github.vdsoagent.report.TextReport;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.TimeApi;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coarse clocks section: the clock each coarse API read, its tick, and the saving from measured costs. */
class CoarseReportTest {
    private static final Calibration TIMINGS = Calibration.of(List.of(
            new ClockTiming(ClockId.CLOCK_REALTIME, 40.0, 300.0, 26.4, 1L),
            new ClockTiming(ClockId.CLOCK_MONOTONIC, 39.0, 310.0, 26.0, 1L),
            new ClockTiming(ClockId.CLOCK_REALTIME_COARSE, 18.0, 290.0, 3.1, 4_000_000L),
            new ClockTiming(ClockId.CLOCK_MONOTONIC_COARSE, 18.0, 295.0, 3.0, 4_000_000L)), 29.0, 29.0);
    private static final Verdict VDSO = Verdict.inferred(Verdict.Path.VDSO, "read in user space");

    private static ApiRow row(TimeApi api, long calls, ClockMode mode) {
        return new ApiRow(api, calls, VDSO, 0, CoarseReport.clockRead(api, mode).name());
    }

    @Test
    void theSavingIsTheCallsTimesTheMeasuredDifference() {
        List<ApiRow> apis = List.of(row(TimeApi.CURRENT_TIME_MILLIS_COARSE, 1_000_000, ClockMode.VDSO),
                row(TimeApi.NANO_TIME, 5, ClockMode.VDSO));
        CoarseSection coarse = CoarseReport.build(Set.of(TimeApi.CURRENT_TIME_MILLIS), "coarse=currentTimeMillis",
                apis, ClockMode.VDSO, null, TIMINGS);
        assertTrue(coarse.inEffect());
        assertEquals(1, coarse.rows().size(), "only the coarse APIs");
        CoarseSection.Row millis = coarse.rows().get(0);
        assertEquals("CLOCK_REALTIME_COARSE", millis.clock());
        assertEquals(4_000_000L, millis.resolutionNs());
        assertEquals(23_300_000L, millis.savedNs(), "1,000,000 x (26.4 - 3.1) ns");
        assertEquals(4_000_000L, coarse.tickNs());
        assertFalse(coarse.nanoTime());
    }

    @Test
    void withForcedSystemCallsTheSystemCallsAreCompared() {
        CoarseSection coarse = CoarseReport.build(Set.of(TimeApi.INSTANT_NOW), "coarse=Instant.now",
                List.of(row(TimeApi.INSTANT_NOW_COARSE, 1000, ClockMode.SYSCALL)), ClockMode.SYSCALL, null, TIMINGS);
        assertEquals(10_000L, coarse.rows().get(0).savedNs(), "1,000 x (300 - 290) ns");
    }

    @Test
    void onTheJvmsCallsCoarseSitesReadThePreciseClockAndSaveNothing() {
        CoarseSection coarse = CoarseReport.build(Set.of(TimeApi.NANO_TIME), "coarse=nanoTime",
                List.of(row(TimeApi.NANO_TIME_COARSE, 1000, ClockMode.JVM)), ClockMode.JVM, "clock=jvm", TIMINGS);
        assertFalse(coarse.inEffect());
        assertEquals("clock=jvm", coarse.whyNot());
        CoarseSection.Row nanos = coarse.rows().get(0);
        assertEquals("CLOCK_MONOTONIC", nanos.clock());
        assertEquals(1L, nanos.resolutionNs());
        assertNull(nanos.savedNs());
        assertTrue(coarse.nanoTime());
    }

    @Test
    void withoutCoarseThereIsNoSection() {
        assertNull(CoarseReport.build(Set.of(), "", List.of(), ClockMode.VDSO, null, TIMINGS));
    }

    @Test
    void theApiTableNamesThePreciseClockWhileTheStubReadsTheJvmsCalls() {
        SiteRegistry sites = new SiteRegistry();
        int coarse = sites.idFor(1, "a.B", "run", "()V", 0, "B.java", 10, TimeApi.CURRENT_TIME_MILLIS_COARSE);
        long[] counts = new long[sites.size()];
        counts[coarse] = 700;
        CountingWindow window = new CountingWindow(sites.sites(), counts, null, Instant.EPOCH, 10,
                List.of(new CountingWindow.Epoch(counts, null)));
        HostSection host = new HostSection("6.18", "x86_64", "17", new Clocksource("tsc", List.of("tsc")), null, null);
        SessionFacts facts = new SessionFacts(1, 10, new TransformStats(1, 1, 1, 0, List.of()), "", List.of(),
                Set.of(TimeApi.CURRENT_TIME_MILLIS), "coarse=currentTimeMillis");
        CallSection calls = ReportBuilder.calls(window, host, facts, 20, null);
        assertEquals("CLOCK_REALTIME", calls.apis().get(0).clock());
        assertEquals(TimeApi.CURRENT_TIME_MILLIS_COARSE, calls.apis().get(0).api());
        assertFalse(calls.coarse().inEffect());
        assertTrue(calls.coarse().whyNot().contains("setting up"), calls.coarse().whyNot());
    }

    @Test
    void textAndJsonSayWhatWasReadAndWarnOfNanoTime() throws Exception {
        List<ApiRow> apis = List.of(row(TimeApi.NANO_TIME_COARSE, 2_000, ClockMode.VDSO),
                row(TimeApi.NEW_DATE_COARSE, 1_000, ClockMode.VDSO));
        CoarseSection coarse = CoarseReport.build(Set.of(TimeApi.NANO_TIME, TimeApi.NEW_DATE),
                "coarse=nanoTime,coarse=new Date()", apis, ClockMode.VDSO, null, TIMINGS);
        CallSection calls = new CallSection(1, 2, Instant.EPOCH, 3, apis, List.of(), 0,
                new TransformStats(1, 1, 1, 0, List.of()), "", null, List.of(), coarse, List.of());
        HostSection host = new HostSection("6.18", "x86_64", "17", new Clocksource("tsc", List.of("tsc")), null, null);
        StringWriter text = new StringWriter();
        TextReport.write(host, calls, false, text);
        assertTrue(text.toString().contains("coarse clocks (coarse=nanoTime,coarse=new Date())"), text.toString());
        assertTrue(text.toString().contains("CLOCK_MONOTONIC_COARSE"), text.toString());
        assertTrue(text.toString().contains("WARNING: coarse=nanoTime: durations shorter than one tick (4.0 ms)"),
                text.toString());
        StringWriter json = new StringWriter();
        JsonReport.write(host, calls, json);
        JsonNode node = new ObjectMapper().readTree(json.toString()).get("coarse");
        assertTrue(node.get("inEffect").asBoolean());
        assertEquals(4_000_000, node.get("tickNs").asLong());
        assertEquals("CLOCK_MONOTONIC_COARSE", node.get("apis").get(0).get("clock").asText());
        assertEquals(Math.round(2000 * (26.0 - 3.0)) + Math.round(1000 * (26.4 - 3.1)), node.get("savedNs").asLong());
        assertFalse(node.get("nanoTimeWarning").isNull());
        JsonNode row = new ObjectMapper().readTree(json.toString()).get("apis").get(0);
        assertTrue(row.get("coarse").asBoolean());
    }
}
