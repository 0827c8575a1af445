package io.github.vdsoagent.metrics;

import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.report.ApiRow;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls the beans show, over the agent's life in this JVM, per API and per call site. Each call is taken in
 * once, by the first {@link #advance} that sees it, and judged then by the session's verdict on its clock, so every
 * figure only grows: sessions come and go, verdicts change, and a call is neither counted again nor judged again.
 * Not thread-safe: {@link Metrics} holds its lock around it.
 */
final class Totals {
    private static final int APIS = TimeApi.values().length;

    /** Per site id, the calls taken in so far. */
    private long[] seen = new long[0];
    /** Per site id, those judged to have entered the kernel. */
    private long[] siteEntered = new long[0];
    private final long[] apiCalls = new long[APIS];
    private final long[] apiEntered = new long[APIS];

    /** Takes in the calls in {@code counts} (per id of {@code sites}) not seen before, judged by {@code source} now. */
    void advance(long[] counts, List<CallSite> sites, MetricsSource source) {
        long[] fresh = new long[counts.length];
        boolean any = false;
        for (int id = 0; id < counts.length; id++) {
            fresh[id] = Math.max(0, counts[id] - (id < seen.length ? seen[id] : 0));
            any |= fresh[id] > 0;
        }
        if (!any) {
            return;
        }
        Verdict[] verdicts = new Verdict[APIS];
        for (ApiRow row : source.judge(sites, fresh)) {
            int api = row.api().ordinal();
            apiCalls[api] += row.calls();
            apiEntered[api] += row.enteredKernel();
            verdicts[api] = row.verdict();
        }
        if (counts.length > seen.length) {
            seen = Arrays.copyOf(seen, counts.length);
            siteEntered = Arrays.copyOf(siteEntered, counts.length);
        }
        for (CallSite site : sites) {
            int id = site.id();
            Verdict verdict = verdicts[site.api().ordinal()];
            if (id < fresh.length && fresh[id] > 0) {
                seen[id] += fresh[id];
                siteEntered[id] += verdict == null ? 0 : verdict.enteredOf(fresh[id]);
            }
        }
    }

    /** One API's calls so far. */
    Figures of(TimeApi api) {
        return new Figures(apiCalls[api.ordinal()], apiEntered[api.ordinal()]);
    }

    /**
     * The {@code n} places with the most calls so far, most first (then by place and API), each with its calls:
     * sites at one place calling one API are summed.
     */
    Map<SiteKey, Figures> top(List<CallSite> sites, int n) {
        Map<SiteKey, Figures> byKey = new HashMap<>();
        for (CallSite site : sites) {
            int id = site.id();
            if (id < seen.length && seen[id] > 0) {
                SiteKey key = SiteKey.of(site);
                Figures before = byKey.getOrDefault(key, Figures.NONE);
                byKey.put(key, new Figures(before.calls() + seen[id], before.entered() + siteEntered[id]));
            }
        }
        List<Map.Entry<SiteKey, Figures>> ranked = new ArrayList<>(byKey.entrySet());
        ranked.sort(new MostCalledFirst());
        Map<SiteKey, Figures> top = new LinkedHashMap<>();
        for (Map.Entry<SiteKey, Figures> entry : ranked.subList(0, Math.min(n, ranked.size()))) {
            top.put(entry.getKey(), entry.getValue());
        }
        return top;
    }

    /** Most calls first, then by place, then by API. */
    private static final class MostCalledFirst implements Comparator<Map.Entry<SiteKey, Figures>> {
        @Override
        public int compare(Map.Entry<SiteKey, Figures> a, Map.Entry<SiteKey, Figures> b) {
            int byCalls = Long.compare(b.getValue().calls(), a.getValue().calls());
            if (byCalls != 0) {
                return byCalls;
            }
            int byPlace = a.getKey().location().compareTo(b.getKey().location());
            if (byPlace != 0) {
                return byPlace;
            }
            int byLine = Integer.compare(a.getKey().line(), b.getKey().line());
            return byLine != 0 ? byLine : a.getKey().api().compareTo(b.getKey().api());
        }
    }
}
