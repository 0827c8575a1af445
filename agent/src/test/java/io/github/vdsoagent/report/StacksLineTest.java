package io.github.vdsoagent.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.boot.SamplingStats;
import io.github.vdsoagent.flame.StackSection;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.instrument.TransformStats;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's line on sampled stacks says from when calls were sampled, and how many came after: sampling starts
 * with the set-up, after startdelay, so a reader who divides the calls by N would otherwise expect more samples due
 * than the report shows.
 */
class StacksLineTest {
    private static final SamplingStats STATS = new SamplingStats(5_335, 704, 4_631, 0, 0, 0, 0, 5_312_345);
    private static final HostSection HOST =
            new HostSection("6.18", "x86_64", "17", new Clocksource("tsc", List.of("tsc")), null, null);

    @Test
    void saysWhenSamplingStartedIntoTheWindow() throws Exception {
        String text = text(1_234);
        assertTrue(text.contains("stacks: 704 samples of 5,335 due (one call in 1,000 of the 5,312,345 made from 1.2 s"
                + " on, when the set-up started it; at most 200 a second)"), text);
        JsonNode sampling = new ObjectMapper().readTree(json(1_234)).get("stackSampling");
        assertEquals(1_234, sampling.get("sampledFromMs").asLong());
        assertEquals(5_312_345, sampling.get("callsWhileSampling").asLong());
    }

    @Test
    void saysMillisecondsUnderASecond() {
        assertTrue(text(40).contains("due (one call in 1,000 of the 5,312,345 made from 40 ms on, when the set-up"
                + " started it;"), text(40));
    }

    @Test
    void saysNothingOfWhenIfSamplingCoveredTheWholeWindow() throws Exception {
        String text = text(0);
        assertTrue(text.contains("stacks: 704 samples of 5,335 due (one call in 1,000, at most 200 a second)"), text);
        assertEquals(0, new ObjectMapper().readTree(json(0)).get("stackSampling").get("sampledFromMs").asLong());
    }

    @Test
    void saysSamplingHasNotStartedYet() throws Exception {
        String text = text(-1);
        assertTrue(text.contains("stacks: none yet (sampling starts with the set-up, after startdelay)"), text);
        assertEquals(-1, new ObjectMapper().readTree(json(-1)).get("stackSampling").get("sampledFromMs").asLong());
    }

    private static CallSection calls(long fromMs) {
        return new CallSection(1, 16_000, Instant.EPOCH, 15_000, List.of(), List.of(), 0,
                new TransformStats(1, 1, 1, 0, List.of()), "", null, List.of(), null, List.of(),
                new StackSection(1_000, 64, STATS, fromMs, List.of()));
    }

    private static String text(long fromMs) {
        StringWriter out = new StringWriter();
        TextReport.write(HOST, calls(fromMs), false, out);
        return out.toString();
    }

    private static String json(long fromMs) throws Exception {
        StringWriter out = new StringWriter();
        JsonReport.write(HOST, calls(fromMs), out);
        return out.toString();
    }
}
