package io.github.vdsoagent.metrics;

import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.vocabulary.TimeApi;

/**
 * A call site as its bean names it: its class, method and line (as the report's JSON does) and the API it calls.
 * Sites alike in all four (two calls on one line, one class in two class loaders) share a bean.
 *
 * @param line     the source line, or -1 when the class has none
 * @param location where it is, as a stack trace shows it, for the bean's Site attribute
 */
record SiteKey(String className, String method, int line, TimeApi api, String location) {
    static SiteKey of(CallSite site) {
        return new SiteKey(site.className(), site.methodName(), site.line(), site.api(), site.location());
    }
}
