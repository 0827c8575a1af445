package io.github.vdsoagent.report;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.List;

/** The {@code advice} array: per suggestion its kind, summary, evidence, gainNsPerSecond (or null), gain and action. */
final class AdviceJson {
    private AdviceJson() {
    }

    static void write(JsonGenerator g, List<Advice> advice) throws IOException {
        g.writeArrayFieldStart("advice");
        for (Advice a : advice) {
            g.writeStartObject();
            g.writeStringField("kind", a.kind());
            g.writeStringField("summary", a.summary());
            g.writeArrayFieldStart("evidence");
            for (String line : a.evidence()) {
                g.writeString(line);
            }
            g.writeEndArray();
            if (a.gainNsPerSecond() == null) {
                g.writeNullField("gainNsPerSecond");
            } else {
                g.writeNumberField("gainNsPerSecond", a.gainNsPerSecond());
            }
            g.writeStringField("gain", a.gain());
            g.writeStringField("action", a.action());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
