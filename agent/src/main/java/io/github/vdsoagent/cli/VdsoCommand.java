package io.github.vdsoagent.cli;

import io.github.vdsoagent.clock.BackendChoice;
import io.github.vdsoagent.clock.BackendSetup;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.options.AgentOptions.ClockMode;
import io.github.vdsoagent.options.AgentOptions.Format;
import io.github.vdsoagent.report.HostSection;
import io.github.vdsoagent.report.JsonReport;
import io.github.vdsoagent.report.TextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vdso}: this JVM's vDSO, its symbols, the clock backend, and what each clock id costs through it. */
@Command(name = "vdso", mixinStandardHelpOptions = true,
        description = {"Prints, for this JVM: kernel, arch, JDK, clocksource, the vDSO mappings, the vDSO's exported",
            "functions, the clock backend, and for each clock id 0-11 the median ns per call through the vDSO",
            "and through a forced system call, beside the JVM's own nanoTime() and currentTimeMillis()."})
final class VdsoCommand implements Callable<Integer> {
    @Option(names = "--format", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).",
            defaultValue = "text", converter = FormatConverter.class)
    private Format format;

    @Option(names = "--dump", paramLabel = "FILE", description = "Also write the vDSO image to FILE, for readelf or objdump.")
    private Path dump;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BackendChoice backend = BackendSetup.install(ClockMode.VDSO);
        HostSection host = new HostSection(HostFacts.kernel(), HostFacts.arch(), HostFacts.jdk(), Clocksource.read(),
                backend, Calibration.measure());
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.JSON) {
            JsonReport.write(host, null, out);
        } else {
            TextReport.write(host, null, true, out);
        }
        out.flush();
        if (dump != null) {
            if (backend.vdso() == null) {
                spec.commandLine().getErr().println("vdso-agent: nothing to dump: " + backend.vdsoError());
                return Cli.TARGET_PROBLEM;
            }
            Files.write(dump, backend.vdso().imageBytes());
        }
        return Cli.OK;
    }
}
