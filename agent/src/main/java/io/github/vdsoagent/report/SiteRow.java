package io.github.vdsoagent.report;

import io.github.vdsoagent.count.CallSite;

/** One call site and its calls in the session. */
public final class SiteRow {
    private final CallSite site;
    private final long calls;

    public SiteRow(CallSite site, long calls) {
        this.site = site;
        this.calls = calls;
    }

    public CallSite site() {
        return site;
    }

    public long calls() {
        return calls;
    }
}
