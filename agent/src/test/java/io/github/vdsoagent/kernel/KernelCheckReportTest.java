package io.github.vdsoagent.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.boot.ClockStub;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.instrument.ClassFilter;
import io.github.vdsoagent.vocabulary.TimeApi;
import io.github.vdsoagent.instrument.TimeCallTransformer;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.report.ApiRow;
import io.github.vdsoagent.report.CallSection;
import io.github.vdsoagent.report.HostSection;
import io.github.vdsoagent.report.JsonReport;
import io.github.vdsoagent.report.TextReport;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernelCheck section as the issue shapes it, in JSON read back with a real parser, and in text. */
class KernelCheckReportTest {
    private static final Clocksource TSC = new Clocksource("tsc", List.of("tsc"));
    private static final HostSection HOST = new HostSection("6.1", "x86_64", "17", TSC, null, null);

    private static KernelCheck measured() {
        return KernelVerdicts.judge(KernelCheckSession.AGENT_CLOCKS, List.of(
                ProbeResult.of(ClockId.CLOCK_REALTIME, 10_000, 0, "through the vDSO"),
                ProbeResult.of(ClockId.CLOCK_MONOTONIC, 10_000, 0, "through the vDSO"),
                ProbeResult.of(ClockId.CLOCK_THREAD_CPUTIME_ID, 1_000, 1_000, "through the vDSO")), null,
                KernelVerdicts.Counters.of(SyscallCounts.of(37L, 0L, 0L), SyscallCounts.of(1_001L, 0L, 0L),
                        Tracepoints.of(java.util.Map.of(TimeSyscall.CLOCK_GETTIME, 480L)).all(), 2_500),
                ClockMode.VDSO, TSC, List.of());
    }

    /** The vdso command's form (the check alone) when calls is null, else the agent's (the calls' own check). */
    private static JsonNode json(KernelCheck check, CallSection calls) throws Exception {
        StringWriter out = new StringWriter();
        if (calls == null) {
            JsonReport.write(HOST, check, null, out);
        } else {
            JsonReport.write(HOST, calls, out);
        }
        return new ObjectMapper().readTree(out.toString());
    }

    private static CallSection calls(KernelCheck check, long cpuCalls) {
        List<ApiRow> rows = List.of(ApiRow.judged(TimeApi.NANO_TIME, 5_000, check.verdictFor(ClockId.CLOCK_MONOTONIC)),
                ApiRow.judged(TimeApi.THREAD_CPU_TIME, cpuCalls, check.verdictFor(ClockId.CLOCK_THREAD_CPUTIME_ID)));
        long attributed = rows.stream().mapToLong(ApiRow::enteredKernel).sum();
        return new CallSection(1, 2, Instant.EPOCH, 3, rows, List.of(), 0, new TimeCallTransformer(
                new ClassFilter(List.of(), List.of()), new SiteRegistry(), null, null, ClockStub.class).stats(), "",
                check.withAttribution(attributed), List.of(), io.github.vdsoagent.flame.StackSection.NONE);
    }

    @Test
    void theIssuesShape() throws Exception {
        JsonNode k = json(measured(), null).get("kernelCheck");
        assertEquals("perf-tracepoint", k.get("method").asText());
        assertTrue(k.get("available").asBoolean());
        assertTrue(k.get("reason").isNull());
        JsonNode monotonic = k.get("clocks").get(1);
        assertEquals("CLOCK_MONOTONIC", monotonic.get("clock").asText());
        assertEquals("vdso", monotonic.get("verdict").asText());
        assertEquals("measured", monotonic.get("evidence").asText());
        assertEquals(10_000, monotonic.get("probeCalls").asLong());
        assertEquals(0, monotonic.get("probeSyscalls").asLong());
        assertTrue(monotonic.has("vdsoNs") && monotonic.has("syscallNs"));
        assertEquals("kernel", k.get("clocks").get(2).get("verdict").asText());
        assertEquals(37, k.get("processSyscalls").get("clock_gettime").asLong());
        assertEquals(0, k.get("processSyscalls").get("gettimeofday").asLong());
        assertEquals(0, k.get("processSyscalls").get("time").asLong());
        assertEquals(2_500, k.get("countedForMs").asLong());
        assertEquals(480, k.get("tracepoints").get(0).get("id").asLong());
        assertFalse(k.has("attributionExceedsKernel"), "the vdso command attributes nothing");
    }

    @Test
    void uncountedIsNullNeverZero() throws Exception {
        KernelCheck check = KernelVerdicts.judge(KernelCheckSession.AGENT_CLOCKS, List.of(), null,
                KernelVerdicts.Counters.unavailable("no tracepoint id for clock_gettime: permission denied", List.of()),
                ClockMode.VDSO, TSC, List.of());
        JsonNode k = json(check, null).get("kernelCheck");
        assertEquals("none", k.get("method").asText());
        assertFalse(k.get("available").asBoolean());
        assertTrue(k.get("reason").asText().contains("permission denied"));
        assertTrue(k.get("processSyscalls").get("clock_gettime").isNull());
        assertTrue(k.get("countedForMs").isNull());
        assertTrue(k.get("clocks").get(0).get("probeCalls").isNull());
        assertEquals("inferred", k.get("clocks").get(0).get("evidence").asText());

        StringWriter text = new StringWriter();
        TextReport.write(HOST, check, null, true, text);
        assertTrue(text.toString().contains("every verdict below is inferred, not measured: no tracepoint id"), text.toString());
        assertTrue(text.toString().contains("time system calls from this process: not counted"), text.toString());
    }

    @Test
    void aConsistentAttributionIsSaidQuietly() throws Exception {
        KernelCheck check = measured();
        CallSection calls = calls(check, 30);
        JsonNode report = json(check, calls);
        JsonNode k = report.get("kernelCheck");
        assertFalse(k.get("attributionExceedsKernel").asBoolean());
        assertTrue(k.get("warning").isNull());
        assertEquals(30, k.get("attributedSyscalls").get("clock_gettime").asLong());
        assertEquals(7, k.get("unattributedClockGettime").asLong());
        assertEquals("measured", report.get("apis").get(1).get("evidence").asText());

        StringWriter text = new StringWriter();
        TextReport.write(HOST, calls, false, text);
        assertTrue(text.toString().contains("counted from this process in the session's last 2.5 s"), text.toString());
        assertTrue(text.toString().contains("the calls of the rows above made in those 2.5 s account for 30"
                + " clock_gettime kernel entries; the kernel counted 37 in all: consistent"), text.toString());
        assertFalse(text.toString().contains("KERNEL CHECK FAILED"), text.toString());
    }

    @Test
    void moreAttributedThanCountedIsSaidLoudly() throws Exception {
        KernelCheck check = measured();
        CallSection calls = calls(check, 38); // 38 thread CPU time calls said to enter; the kernel counted 37 in all
        JsonNode k = json(check, calls).get("kernelCheck");
        assertTrue(k.get("attributionExceedsKernel").asBoolean());
        assertTrue(k.get("warning").asText().contains("attributes 38 clock_gettime kernel entries"), k.toString());

        StringWriter text = new StringWriter();
        TextReport.write(HOST, calls, false, text);
        assertTrue(text.toString().contains("!!! KERNEL CHECK FAILED: the report attributes 38 clock_gettime kernel"
                + " entries to instrumented calls, but the kernel counted only 37"), text.toString());
    }
}
