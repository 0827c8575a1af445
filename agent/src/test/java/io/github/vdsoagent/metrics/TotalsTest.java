package io.github.vdsoagent.metrics;

import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.vocabulary.TimeApi;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TotalsTest {
    private final SiteRegistry sites = new SiteRegistry();
    private final FakeSource source = new FakeSource(sites);
    private final Totals totals = new Totals();

    private void advance() {
        long[] counts = source.counts();
        totals.advance(counts, source.sites(), source);
    }

    @Test
    void callsSeenTwiceAreTakenInOnce() {
        int nano = FakeSource.site(sites, "com.acme.A", "run", 10, TimeApi.NANO_TIME);
        source.calls(nano, 100);
        advance();
        advance();
        assertEquals(new Figures(100, 0), totals.of(TimeApi.NANO_TIME));
        source.calls(nano, 150);
        advance();
        assertEquals(new Figures(150, 0), totals.of(TimeApi.NANO_TIME));
    }

    @Test
    void eachCallKeepsTheVerdictThatJudgedItWhenItWasTakenIn() {
        int millis = FakeSource.site(sites, "com.acme.A", "run", 10, TimeApi.CURRENT_TIME_MILLIS);
        source.calls(millis, 100);
        advance();
        source.verdict(TimeApi.CURRENT_TIME_MILLIS, FakeSource.KERNEL).calls(millis, 130);
        advance();
        Figures figures = totals.of(TimeApi.CURRENT_TIME_MILLIS);
        assertEquals(new Figures(130, 30), figures);
        assertEquals(100, figures.avoided());
    }

    @Test
    void countsBelowWhatWasSeenTakeNothingAway() {
        int nano = FakeSource.site(sites, "com.acme.A", "run", 10, TimeApi.NANO_TIME);
        source.calls(nano, 100);
        advance();
        source.calls(nano, 90); // a session's frozen end counts, read after a later snapshot
        advance();
        assertEquals(new Figures(100, 0), totals.of(TimeApi.NANO_TIME));
    }

    @Test
    void theTopSitesSumSitesAtOnePlaceAndRankByCalls() {
        int first = FakeSource.site(sites, "com.acme.A", "run", 10, TimeApi.NANO_TIME);
        int sameLine = sites.register(0, "com.acme.A", "run", "()V", 11, "A.java", 10, TimeApi.NANO_TIME).id();
        int other = FakeSource.site(sites, "com.acme.B", "tick", 20, TimeApi.CURRENT_TIME_MILLIS);
        int idle = FakeSource.site(sites, "com.acme.C", "never", 30, TimeApi.INSTANT_NOW);
        source.verdict(TimeApi.CURRENT_TIME_MILLIS, FakeSource.KERNEL)
                .calls(first, 40).calls(sameLine, 30).calls(other, 50).calls(idle, 0);
        advance();
        Map<SiteKey, Figures> top = totals.top(source.sites(), 5);
        assertEquals(List.of("com.acme.A.run(A.java:10)", "com.acme.B.tick(B.java:20)"),
                top.keySet().stream().map(SiteKey::location).toList(), "no site without calls");
        assertEquals(List.of(new Figures(70, 0), new Figures(50, 50)), List.copyOf(top.values()));
        assertEquals(1, totals.top(source.sites(), 1).size());
    }
}
