package io.github.vdsoagent.report;

import io.github.vdsoagent.sites.CallSite;

/** One call site and its calls in the session. */
public record SiteRow(CallSite site, long calls) {
}
