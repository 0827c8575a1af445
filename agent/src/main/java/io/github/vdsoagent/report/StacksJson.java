package io.github.vdsoagent.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vdsoagent.boot.SamplingStats;
import io.github.vdsoagent.flame.StackSection;
import io.github.vdsoagent.flame.WeightedStack;

import java.io.IOException;

/** The report's {@code stackSampling} and {@code stacks} members (docs/report.md). */
final class StacksJson {
    private StacksJson() {
    }

    static void write(JsonGenerator g, StackSection section, boolean withStacks) throws IOException {
        SamplingStats stats = section.sampling();
        int withoutSample = 0;
        for (WeightedStack stack : section.stacks()) {
            withoutSample += stack.samples() == 0 ? 1 : 0;
        }
        g.writeObjectFieldStart("stackSampling");
        g.writeNumberField("every", section.every());
        g.writeNumberField("depth", section.depth());
        g.writeNumberField("perSecond", io.github.vdsoagent.boot.StackSampler.SAMPLES_PER_SECOND);
        g.writeNumberField("sampledFromMs", section.fromMs());
        g.writeNumberField("callsWhileSampling", stats.calls());
        g.writeNumberField("samplesDue", stats.due());
        g.writeNumberField("samples", stats.taken());
        g.writeNumberField("overBudget", stats.overBudget());
        g.writeNumberField("busy", stats.busy());
        g.writeNumberField("notStored", stats.notStored());
        g.writeNumberField("failed", stats.failed());
        g.writeNumberField("stacks", section.stacks().size());
        g.writeNumberField("sitesWithoutSample", withoutSample);
        g.writeEndObject();
        if (!withStacks) {
            return;
        }
        g.writeArrayFieldStart("stacks");
        for (WeightedStack stack : section.stacks()) {
            g.writeStartObject();
            g.writeArrayFieldStart("frames");
            for (String frame : stack.frames()) {
                g.writeString(frame);
            }
            g.writeEndArray();
            g.writeStringField("api", stack.api().apiName());
            g.writeStringField("clock", stack.api().clockLabel());
            g.writeNumberField("weight", stack.weight());
            g.writeNumberField("enteredKernel", stack.enteredKernel());
            g.writeNumberField("samples", stack.samples());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
