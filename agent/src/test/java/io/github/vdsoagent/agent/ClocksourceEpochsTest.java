package io.github.vdsoagent.agent;

import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.instrument.TransformStats;
import io.github.vdsoagent.kernel.KernelCheck;
import io.github.vdsoagent.kernel.KernelVerdicts;
import io.github.vdsoagent.kernel.ProbeResult;
import io.github.vdsoagent.report.ApiRow;
import io.github.vdsoagent.report.CallSection;
import io.github.vdsoagent.report.HostSection;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.TimeApi;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Calls made under a clocksource with a vDSO mode stay counted as avoiding the kernel after the kernel switches to one
 * without: each part of the window is judged by the verdict of its own time.
 */
class ClocksourceEpochsTest {

    private static KernelCheck check(long entered) {
        ProbeResult realtime = ProbeResult.of(ClockId.CLOCK_REALTIME, 16, entered, "through the vDSO under a seccomp filter");
        return KernelVerdicts.judge(List.of(ClockId.CLOCK_REALTIME), List.of(realtime), null,
                KernelVerdicts.Counters.seccomp(), ClockMode.VDSO, new Clocksource("tsc", List.of("tsc")), List.of());
    }

    @Test
    void eachPartOfTheWindowIsJudgedByItsOwnVerdict() {
        SiteRegistry sites = new SiteRegistry();
        int millis = sites.idFor(1, "a.B", "run", "()V", 0, "B.java", 10, TimeApi.CURRENT_TIME_MILLIS);
        KernelCheck onTsc = check(0);
        KernelCheck onHpet = check(16);
        long[] beforeChange = new long[sites.size()];
        beforeChange[millis] = 700;
        long[] afterChange = new long[sites.size()];
        afterChange[millis] = 300;
        long[] all = new long[sites.size()];
        all[millis] = 1000;
        CountingWindow window = new CountingWindow(sites.sites(), all, null, Instant.EPOCH, 10,
                List.of(new CountingWindow.Epoch(beforeChange, onTsc), new CountingWindow.Epoch(afterChange, null)));
        HostSection host = new HostSection("6.18", "x86_64", "17", new Clocksource("hpet", List.of("hpet")), null, null);
        SessionFacts facts = new SessionFacts(1, 10, new TransformStats(1, 1, 1, 0, List.of()), "", List.of());
        CallSection calls = ReportBuilder.calls(window, host, facts, 20, onHpet);
        ApiRow row = calls.apis().get(0);
        assertEquals(1000, row.calls());
        assertEquals(300, row.enteredKernel(), "the 700 before the change avoided the kernel, the 300 after did not");
        assertEquals(700, row.avoidedKernel());
    }
}
