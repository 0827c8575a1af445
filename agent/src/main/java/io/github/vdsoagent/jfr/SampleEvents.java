package io.github.vdsoagent.jfr;

import io.github.vdsoagent.boot.StackSampler;
import io.github.vdsoagent.sites.CallSite;

/**
 * Each stack sample as a {@code vdsoagent.TimeCallSample} event, committed on the sampled thread so that JFR takes its
 * stack trace there (the agent's few frames on top, then the application's). Samples are few (the sampler's budget
 * is 200 a second per JVM), so an event per sample costs the application nothing it would notice.
 */
final class SampleEvents implements StackSampler.Listener {
    private final EventSource source;

    SampleEvents(EventSource source) {
        this.source = source;
    }

    @Override
    public void sampled(int site, String[] framesRootFirst) {
        TimeCallSampleEvent event = new TimeCallSampleEvent();
        if (!event.isEnabled()) {
            return; // no recording that wants it: nothing to fill
        }
        CallSite callSite = source.site(site);
        if (callSite == null) {
            return;
        }
        event.api = callSite.api().apiName();
        event.clock = callSite.api().clockLabel();
        event.className = callSite.className();
        event.methodName = callSite.methodName();
        event.lineNumber = callSite.line();
        event.commit();
    }
}
