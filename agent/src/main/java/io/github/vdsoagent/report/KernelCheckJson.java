package io.github.vdsoagent.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vdsoagent.kernel.Attribution;
import io.github.vdsoagent.kernel.ClockCheck;
import io.github.vdsoagent.kernel.KernelCheck;
import io.github.vdsoagent.kernel.SyscallCounts;
import io.github.vdsoagent.kernel.TimeSyscall;
import io.github.vdsoagent.kernel.Tracepoints;

import java.io.IOException;
import java.util.Locale;

/**
 * The {@code kernelCheck} object: {@code method}, {@code available}, {@code reason}, {@code clocks} (clock, verdict,
 * evidence, probeCalls, probeSyscalls, vdsoNs, syscallNs, ...), {@code processSyscalls} and the time they cover
 * ({@code countedForMs}), then what the agent adds: the probe's own share, the tracepoints used, and the attribution
 * check, which holds the calls made in that time against them. A count that was not taken is null,
 * never 0.
 */
final class KernelCheckJson {
    private KernelCheckJson() {
    }

    static void write(JsonGenerator g, KernelCheck check) throws IOException {
        g.writeObjectFieldStart("kernelCheck");
        g.writeStringField("method", check.method().word());
        g.writeBooleanField("available", check.available());
        g.writeStringField("reason", check.reason());
        g.writeStringField("othersNotUsed", check.othersNotUsed());
        g.writeArrayFieldStart("clocks");
        for (ClockCheck clock : check.clocks()) {
            g.writeStartObject();
            g.writeStringField("clock", clock.clock().name());
            g.writeNumberField("id", clock.clock().id());
            g.writeStringField("verdict", clock.verdict().word());
            g.writeStringField("evidence", clock.verdict().evidence().name().toLowerCase(Locale.ROOT));
            g.writeStringField("measuredBy", clock.probeCalls() == null ? null : check.method().word());
            g.writeNumberField("kernelFraction", clock.verdict().kernelFraction());
            writeNullable(g, "probeCalls", clock.probeCalls());
            writeNullable(g, "probeSyscalls", clock.probeSyscalls());
            writeNullable(g, "vdsoNs", clock.vdsoNs());
            writeNullable(g, "syscallNs", clock.syscallNs());
            g.writeStringField("why", clock.verdict().why());
            g.writeEndObject();
        }
        g.writeEndArray();
        writeCounts(g, "processSyscalls", check.processSyscalls());
        writeNullable(g, "countedForMs", check.countedForMs());
        writeCounts(g, "agentSyscalls", check.agentSyscalls());
        g.writeArrayFieldStart("tracepoints");
        for (Tracepoints.Entry entry : check.tracepoints()) {
            g.writeStartObject();
            g.writeStringField("syscall", entry.syscall().syscallName());
            writeNullable(g, "id", entry.id());
            g.writeStringField("source", entry.source());
            g.writeStringField("reason", entry.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        Attribution attribution = check.attribution();
        if (attribution != null) {
            g.writeObjectFieldStart("attributedSyscalls");
            g.writeNumberField("clock_gettime", attribution.attributed());
            g.writeEndObject();
            writeNullable(g, "unattributedClockGettime", attribution.unattributed());
            g.writeBooleanField("attributionExceedsKernel", attribution.exceedsKernel());
            g.writeStringField("warning", attribution.warning());
        }
        g.writeEndObject();
    }

    /** Always the three fields, null where not counted; a null object where nothing was. */
    private static void writeCounts(JsonGenerator g, String field, SyscallCounts counts) throws IOException {
        g.writeObjectFieldStart(field);
        for (TimeSyscall syscall : TimeSyscall.values()) {
            writeNullable(g, syscall.syscallName(), counts == null ? null : counts.get(syscall));
        }
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
