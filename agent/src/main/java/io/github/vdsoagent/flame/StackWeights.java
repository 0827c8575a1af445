package io.github.vdsoagent.flame;

import io.github.vdsoagent.boot.SampledStacks;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighs sampled stacks to the exact counts. The counts per site are exact and the samples give only the shape: each
 * site's calls are split over its sampled stacks in proportion to their samples, so that a site's stacks sum to its
 * calls and all stacks to the window's calls. A site with calls but no sample stands as one stack of its own frame.
 * Each API's calls that entered the kernel are split the same way over its stacks, by weight.
 */
public final class StackWeights {
    private StackWeights() {
    }

    /**
     * @param sites         every registered site (index = id)
     * @param counts        the window's calls per site id
     * @param samples       the sampled stacks of the window
     * @param enteredPerApi each API's calls that entered the kernel in the window
     * @return the stacks, heaviest first
     */
    public static List<WeightedStack> weigh(List<CallSite> sites, long[] counts, List<SampledStacks.Sample> samples,
                                            Map<TimeApi, Long> enteredPerApi) {
        Map<Integer, List<SampledStacks.Sample>> bySite = new HashMap<>();
        for (SampledStacks.Sample sample : samples) {
            List<SampledStacks.Sample> of = bySite.get(sample.site());
            if (of == null) {
                of = new ArrayList<>();
                bySite.put(sample.site(), of);
            }
            of.add(sample);
        }
        List<WeightedStack> stacks = new ArrayList<>();
        for (CallSite site : sites) {
            long calls = site.id() < counts.length ? counts[site.id()] : 0;
            if (calls > 0) {
                addSite(site, calls, bySite.get(site.id()), stacks);
            }
        }
        List<WeightedStack> withEntered = spreadEntered(stacks, enteredPerApi);
        withEntered.sort(new HeaviestFirst());
        return withEntered;
    }

    private static void addSite(CallSite site, long calls, List<SampledStacks.Sample> sampled, List<WeightedStack> into) {
        if (sampled == null || sampled.isEmpty()) {
            into.add(new WeightedStack(List.of(siteFrame(site)), site.api(), calls, 0, 0));
            return;
        }
        long[] shares = new long[sampled.size()];
        long sum = 0;
        for (int i = 0; i < shares.length; i++) {
            shares[i] = sampled.get(i).samples();
            sum += shares[i];
        }
        if (sum > Apportion.MAX_SHARES) { // months of samples at one site: the shape holds with fewer
            for (int i = 0; i < shares.length; i++) {
                shares[i] = Math.max(1, shares[i] / (sum / Apportion.MAX_SHARES + 1));
            }
        }
        long[] weights = Apportion.of(calls, shares);
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                into.add(new WeightedStack(framesOf(site, sampled.get(i).framesRootFirst()), site.api(), weights[i],
                        0, sampled.get(i).samples()));
            }
        }
    }

    /** The sampled frames, the last (the site's method, when it made the call itself) with the site's line. */
    private static List<String> framesOf(CallSite site, String[] rootFirst) {
        String[] frames = rootFirst.clone();
        int last = frames.length - 1;
        if (last >= 0 && site.line() >= 0 && frames[last].equals(site.className() + '.' + site.methodName())) {
            frames[last] = siteFrame(site);
        }
        return Arrays.asList(frames);
    }

    /** The site's own frame: class.method:line. */
    static String siteFrame(CallSite site) {
        String method = site.className() + '.' + site.methodName();
        return site.line() >= 0 ? method + ':' + site.line() : method;
    }

    /** Each API's entered calls split over its stacks by weight, so that they sum to the API's. */
    private static List<WeightedStack> spreadEntered(List<WeightedStack> stacks, Map<TimeApi, Long> enteredPerApi) {
        Map<TimeApi, List<Integer>> byApi = new EnumMap<>(TimeApi.class);
        for (int i = 0; i < stacks.size(); i++) {
            List<Integer> of = byApi.get(stacks.get(i).api());
            if (of == null) {
                of = new ArrayList<>();
                byApi.put(stacks.get(i).api(), of);
            }
            of.add(i);
        }
        WeightedStack[] out = stacks.toArray(new WeightedStack[0]);
        for (Map.Entry<TimeApi, List<Integer>> api : byApi.entrySet()) {
            Long entered = enteredPerApi.get(api.getKey());
            if (entered == null || entered <= 0) {
                continue;
            }
            List<Integer> indexes = api.getValue();
            long[] weights = new long[indexes.size()];
            long calls = 0;
            for (int k = 0; k < weights.length; k++) {
                weights[k] = out[indexes.get(k)].weight();
                calls += weights[k];
            }
            long[] parts = entered >= calls ? weights : split(entered, weights, calls);
            for (int k = 0; k < parts.length; k++) {
                WeightedStack s = out[indexes.get(k)];
                out[indexes.get(k)] = new WeightedStack(s.frames(), s.api(), s.weight(), parts[k], s.samples());
            }
        }
        return new ArrayList<>(Arrays.asList(out));
    }

    /** {@code entered} of {@code calls} split by the weights; exact for any sizes (scaled weights give the shape). */
    private static long[] split(long entered, long[] weights, long calls) {
        long[] shares = weights;
        if (calls > Apportion.MAX_SHARES) {
            shares = new long[weights.length];
            long divisor = calls / Apportion.MAX_SHARES + 1;
            long sum = 0;
            for (int i = 0; i < weights.length; i++) {
                shares[i] = weights[i] / divisor;
                sum += shares[i];
            }
            if (sum == 0) {
                shares[0] = 1;
            }
        }
        long[] parts = Apportion.of(entered, shares);
        for (int i = 0; i < parts.length; i++) { // never more entered than calls in a stack
            if (parts[i] > weights[i]) {
                long excess = parts[i] - weights[i];
                parts[i] = weights[i];
                for (int j = 0; j < parts.length && excess > 0; j++) {
                    long room = weights[j] - parts[j];
                    long moved = Math.min(room, excess);
                    parts[j] += moved;
                    excess -= moved;
                }
            }
        }
        return parts;
    }

    /** Heaviest first, then by frames; a class, not a lambda (reports are made at exit). */
    private static final class HeaviestFirst implements Comparator<WeightedStack> {
        @Override
        public int compare(WeightedStack a, WeightedStack b) {
            int byWeight = Long.compare(b.weight(), a.weight());
            if (byWeight != 0) {
                return byWeight;
            }
            int common = Math.min(a.frames().size(), b.frames().size());
            for (int i = 0; i < common; i++) {
                int byFrame = a.frames().get(i).compareTo(b.frames().get(i));
                if (byFrame != 0) {
                    return byFrame;
                }
            }
            int byDepth = Integer.compare(a.frames().size(), b.frames().size());
            return byDepth != 0 ? byDepth : a.api().compareTo(b.api());
        }
    }
}
