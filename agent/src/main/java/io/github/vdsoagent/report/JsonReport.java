package io.github.vdsoagent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.github.vdsoagent.clock.PathChoice;
import io.github.vdsoagent.clock.CriticalEntry;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.elf.ElfSymbol;
import io.github.vdsoagent.host.MapEntry;
import io.github.vdsoagent.kernel.KernelCheck;
import io.github.vdsoagent.text.PlainFormat;
import io.github.vdsoagent.vdso.Vdso;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * The report as one JSON object. Its field names are a contract: later versions add fields, never rename them.
 * The vdso command writes the host part and its kernelCheck; the agent adds pid, session, apis, sites, totals,
 * agent, coarse, advice, and the kernelCheck behind the apis' avoided/entered split.
 */
public final class JsonReport {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private JsonReport() {
    }

    /** @param calls null for the host part alone; its kernel check, if any, is written too */
    public static void write(HostSection host, CallSection calls, Writer out) throws IOException {
        write(host, calls == null ? null : calls.kernelCheck(), calls, out);
    }

    /**
     * @param kernel the kernelCheck section, or null for none
     * @param calls  null for the host part alone
     */
    public static void write(HostSection host, KernelCheck kernel, CallSection calls, Writer out) throws IOException {
        write(host, kernel, calls, true, out);
    }

    /** @param withStacks whether to write the stacks themselves (the HTML page carries them in its own form) */
    public static void write(HostSection host, KernelCheck kernel, CallSection calls, boolean withStacks, Writer out)
            throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            writeHost(g, host);
            if (calls != null) {
                writeCalls(g, calls);
                StacksJson.write(g, calls.stacks(), withStacks);
            }
            if (kernel != null) {
                KernelCheckJson.write(g, kernel);
            }
            if (calls != null) {
                g.writeArrayFieldStart("clocksourceChanges");
                for (ClocksourceChange change : calls.clocksourceChanges()) {
                    g.writeStartObject();
                    g.writeStringField("at", change.at().toString());
                    g.writeStringField("from", change.from());
                    g.writeStringField("to", change.to());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        out.write(System.lineSeparator());
        out.flush();
    }

    private static void writeHost(JsonGenerator g, HostSection host) throws IOException {
        g.writeStringField("kernel", host.kernel());
        g.writeStringField("arch", host.arch());
        g.writeStringField("jdk", host.jdk());
        g.writeObjectFieldStart("clocksource");
        g.writeStringField("current", host.clocksource().current());
        g.writeArrayFieldStart("available");
        for (String source : host.clocksource().available()) {
            g.writeString(source);
        }
        g.writeEndArray();
        g.writeEndObject();
        PathChoice backend = host.backend();
        if (backend == null) {
            g.writeStringField("backend", "jvm");
            g.writeStringField("backendReason", "the agent is still setting up its clock path");
            g.writeNullField("vdso");
        } else {
            g.writeStringField("backend", backend.name());
            g.writeStringField("clock", lower(backend.effective()));
            if (backend.reason() != null) {
                g.writeStringField("backendReason", backend.reason());
            }
            CriticalEntry entry = backend.jniEntry();
            if (entry != null) {
                g.writeObjectFieldStart("jniEntry");
                g.writeBooleanField("critical", entry.critical());
                g.writeStringField("detail", entry.detail());
                g.writeEndObject();
            }
            writeVdso(g, backend);
        }
        writeClocks(g, host.calibration());
    }

    private static void writeVdso(JsonGenerator g, PathChoice backend) throws IOException {
        Vdso vdso = backend.vdso();
        if (vdso == null) {
            g.writeNullField("vdso");
            g.writeStringField("vdsoError", backend.vdsoError());
            return;
        }
        g.writeObjectFieldStart("vdso");
        g.writeStringField("base", hex(vdso.base()));
        g.writeStringField("source", vdso.source());
        g.writeArrayFieldStart("maps");
        for (MapEntry map : vdso.maps()) {
            g.writeStartObject();
            g.writeStringField("start", hex(map.start()));
            g.writeStringField("end", hex(map.end()));
            g.writeStringField("perms", map.perms());
            g.writeStringField("name", map.name());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("symbols");
        for (ElfSymbol symbol : vdso.symbols()) {
            g.writeStartObject();
            g.writeStringField("name", symbol.name());
            g.writeStringField("version", symbol.version());
            g.writeStringField("offset", hex(symbol.offset()));
            g.writeStringField("binding", symbol.binding());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("clockGettime");
        g.writeStringField("name", vdso.clockGettime().name());
        g.writeStringField("version", vdso.clockGettime().version());
        g.writeStringField("address", hex(vdso.clockGettimeAddress()));
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeClocks(JsonGenerator g, Calibration calibration) throws IOException {
        g.writeArrayFieldStart("clocks");
        if (calibration != null) {
            for (ClockTiming timing : calibration.clocks()) {
                g.writeStartObject();
                g.writeNumberField("id", timing.clock().id());
                g.writeStringField("name", timing.clock().name());
                writeNullable(g, "vdsoNs", timing.vdsoNs());
                writeNullable(g, "syscallNs", timing.syscallNs());
                writeNullable(g, "functionNs", timing.functionNs());
                if (timing.resolutionNs() == null) {
                    g.writeNullField("resolutionNs");
                } else {
                    g.writeNumberField("resolutionNs", timing.resolutionNs());
                }
                g.writeEndObject();
            }
        }
        g.writeEndArray();
        if (calibration != null) {
            g.writeObjectFieldStart("jvm");
            g.writeNumberField("nanoTimeNs", calibration.jvmNanoTimeNs());
            g.writeNumberField("currentTimeMillisNs", calibration.jvmCurrentTimeMillisNs());
            g.writeEndObject();
        }
    }

    private static void writeCalls(JsonGenerator g, CallSection calls) throws IOException {
        g.writeNumberField("pid", calls.pid());
        g.writeNumberField("uptimeMs", calls.uptimeMs());
        g.writeObjectFieldStart("session");
        g.writeStringField("startedAt", calls.startedAt().toString());
        g.writeNumberField("durationMs", calls.durationMs());
        g.writeEndObject();
        g.writeArrayFieldStart("apis");
        for (ApiRow row : calls.apis()) {
            g.writeStartObject();
            g.writeStringField("api", row.api().apiName());
            g.writeStringField("clock", row.clock());
            g.writeBooleanField("coarse", row.api().isCoarse());
            g.writeNumberField("calls", row.calls());
            g.writeNumberField("avoidedKernel", row.avoidedKernel());
            g.writeNumberField("enteredKernel", row.enteredKernel());
            g.writeStringField("verdict", row.verdict().word());
            g.writeStringField("evidence", lower(row.verdict().evidence()));
            g.writeStringField("why", row.verdict().why());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("sites");
        for (SiteRow row : calls.topSites()) {
            CallSite site = row.site();
            g.writeStartObject();
            g.writeStringField("class", site.className());
            g.writeStringField("method", site.methodName());
            g.writeStringField("file", site.sourceFile());
            g.writeNumberField("line", site.line());
            g.writeStringField("api", site.api().apiName());
            g.writeBooleanField("coarse", site.api().isCoarse());
            g.writeNumberField("calls", row.calls());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("sitesWithCalls", calls.sitesWithCalls());
        g.writeObjectFieldStart("totals");
        g.writeNumberField("calls", calls.totalCalls());
        g.writeNumberField("avoidedKernel", calls.totalAvoidedKernel());
        g.writeNumberField("enteredKernel", calls.totalEnteredKernel());
        g.writeEndObject();
        g.writeObjectFieldStart("agent");
        g.writeStringField("options", calls.options());
        g.writeNumberField("classesScanned", calls.transforms().classesScanned());
        g.writeNumberField("classesRewritten", calls.transforms().classesRewritten());
        g.writeNumberField("sitesRewritten", calls.transforms().sitesFound());
        g.writeNumberField("classesFailed", calls.transforms().classesFailed());
        g.writeArrayFieldStart("runningAtAttach");
        for (String method : calls.transforms().runningAtStart()) {
            g.writeString(method);
        }
        g.writeEndArray();
        g.writeEndObject();
        CoarseJson.write(g, calls.coarse());
        AdviceJson.write(g, calls.advice());
    }

    private static void writeNullable(JsonGenerator g, String field, Double value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, value);
        }
    }

    static String hex(long value) {
        return PlainFormat.hex(value);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
