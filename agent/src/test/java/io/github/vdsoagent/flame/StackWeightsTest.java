package io.github.vdsoagent.flame;

import io.github.vdsoagent.boot.SampledStacks;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.vocabulary.TimeApi;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackWeightsTest {
    private final SiteRegistry registry = new SiteRegistry();
    private final CallSite millis = registry.register(1, "com.acme.SystemTime", "milliseconds", "()J", 0, "SystemTime.java",
            36, TimeApi.CURRENT_TIME_MILLIS);
    private final CallSite nanos = registry.register(1, "com.acme.Timer", "start", "()V", 0, "Timer.java", 12,
            TimeApi.NANO_TIME);

    @Test
    void aSitesStacksSumToItsExactCallsInProportionToTheirSamples() {
        long[] counts = {108_821, 0};
        List<SampledStacks.Sample> samples = List.of(
                sample(millis, 3, "Main.main", "Server.handle", "com.acme.SystemTime.milliseconds"),
                sample(millis, 1, "Main.main", "Server.flush", "com.acme.SystemTime.milliseconds"));
        List<WeightedStack> stacks = StackWeights.weigh(registry.sites(), counts, samples, Map.of());
        assertEquals(2, stacks.size());
        assertEquals(108_821, stacks.get(0).weight() + stacks.get(1).weight());
        assertEquals(81_616, stacks.get(0).weight(), "3 of 4 samples: 81,615.75, the larger remainder");
        assertEquals(List.of("Main.main", "Server.handle", "com.acme.SystemTime.milliseconds:36"), stacks.get(0).frames(),
                "the site's frame carries its line");
        assertEquals(3, stacks.get(0).samples());
    }

    @Test
    void aSiteWithCallsButNoSampleStandsAsItsOwnFrame() {
        List<WeightedStack> stacks = StackWeights.weigh(registry.sites(), new long[]{0, 7}, List.of(), Map.of());
        assertEquals(1, stacks.size());
        assertEquals(List.of("com.acme.Timer.start:12"), stacks.get(0).frames());
        assertEquals(7, stacks.get(0).weight());
        assertEquals(0, stacks.get(0).samples());
        assertEquals(TimeApi.NANO_TIME, stacks.get(0).api());
    }

    @Test
    void eachApisEnteredCallsAreSpreadOverItsStacksExactly() {
        long[] counts = {1001, 500};
        List<SampledStacks.Sample> samples = List.of(sample(millis, 2, "A.a", "com.acme.SystemTime.milliseconds"),
                sample(millis, 1, "B.b", "com.acme.SystemTime.milliseconds"), sample(nanos, 5, "C.c", "com.acme.Timer.start"));
        Map<TimeApi, Long> entered = new EnumMap<>(TimeApi.class);
        entered.put(TimeApi.CURRENT_TIME_MILLIS, 333L);
        entered.put(TimeApi.NANO_TIME, 500L);
        List<WeightedStack> stacks = StackWeights.weigh(registry.sites(), counts, samples, entered);
        long millisEntered = 0;
        for (WeightedStack stack : stacks) {
            assertTrue(stack.enteredKernel() <= stack.weight(), stack.toString());
            if (stack.api() == TimeApi.CURRENT_TIME_MILLIS) {
                millisEntered += stack.enteredKernel();
            } else {
                assertEquals(500, stack.enteredKernel(), "all of nanoTime's calls entered");
            }
        }
        assertEquals(333, millisEntered);
    }

    @Test
    void apportionIsExactForAnySizes() {
        Random random = new Random(26);
        for (int round = 0; round < 2000; round++) {
            long[] shares = new long[1 + random.nextInt(50)];
            for (int i = 0; i < shares.length; i++) {
                shares[i] = random.nextInt(1000);
            }
            shares[0]++;
            long whole = round % 2 == 0 ? random.nextInt(1_000_000) : Math.abs(random.nextLong()) / 4;
            long[] parts = Apportion.of(whole, shares);
            long sum = 0;
            long shareSum = 0;
            for (long s : shares) {
                shareSum += s;
            }
            for (int i = 0; i < parts.length; i++) {
                sum += parts[i];
                double exact = (double) whole * shares[i] / shareSum;
                assertTrue(Math.abs(parts[i] - exact) <= 1 + exact * 1e-12, parts[i] + " for " + exact);
            }
            assertEquals(whole, sum);
        }
    }

    private static SampledStacks.Sample sample(CallSite site, long samples, String... frames) {
        return new SampledStacks.Sample(site.id(), frames, samples);
    }
}
