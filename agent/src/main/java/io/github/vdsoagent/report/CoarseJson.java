package io.github.vdsoagent.report;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/**
 * The {@code coarse} object (null without coarse=): {@code options}, {@code inEffect}, {@code whyNot},
 * {@code tickNs}, {@code apis} (api, clock, calls, resolutionNs, coarseNs, preciseNs, savedNs), {@code savedNs} and
 * {@code nanoTimeWarning}.
 */
final class CoarseJson {
    private CoarseJson() {
    }

    static void write(JsonGenerator g, CoarseSection coarse) throws IOException {
        if (coarse == null) {
            g.writeNullField("coarse");
            return;
        }
        g.writeObjectFieldStart("coarse");
        g.writeStringField("options", coarse.options());
        g.writeBooleanField("inEffect", coarse.inEffect());
        g.writeStringField("whyNot", coarse.whyNot());
        writeNullable(g, "tickNs", coarse.tickNs());
        g.writeArrayFieldStart("apis");
        for (CoarseSection.Row row : coarse.rows()) {
            g.writeStartObject();
            g.writeStringField("api", row.api().apiName());
            g.writeStringField("clock", row.clock());
            g.writeNumberField("calls", row.calls());
            writeNullable(g, "resolutionNs", row.resolutionNs());
            writeNullable(g, "coarseNs", row.coarseNs());
            writeNullable(g, "preciseNs", row.preciseNs());
            writeNullable(g, "savedNs", row.savedNs());
            g.writeEndObject();
        }
        g.writeEndArray();
        writeNullable(g, "savedNs", coarse.savedNs());
        g.writeStringField("nanoTimeWarning", coarse.nanoTime()
                ? "coarse=nanoTime: durations shorter than a tick measure as 0, and every duration is off by up to a tick"
                : null);
        g.writeEndObject();
    }

    private static void writeNullable(JsonGenerator g, String field, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, value);
        }
    }

    private static void writeNullable(JsonGenerator g, String field, Double value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, value);
        }
    }
}
