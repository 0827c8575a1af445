package io.github.vdsoagent.cli;

import io.github.vdsoagent.clock.PathChoice;
import io.github.vdsoagent.clock.PathSetup;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.kernel.KernelCheck;
import io.github.vdsoagent.kernel.KernelCheckSession;
import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.ReportFormat;
import io.github.vdsoagent.options.OptionException;
import io.github.vdsoagent.report.HostSection;
import io.github.vdsoagent.report.JsonReport;
import io.github.vdsoagent.report.TextReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vdso}: this JVM's vDSO, its symbols, the clock backend, what each clock id costs through it, and the kernel
 * check: each clock id 0-11 probed through the vDSO with the kernel's syscall counters running.
 */
@Command(name = "vdso", mixinStandardHelpOptions = true,
        header = "Shows this host's vDSO, its time functions, and what each clock costs.",
        description = "Prints, for this JVM: kernel, arch, JDK, clocksource, the vDSO mappings, the vDSO's exported"
            + " functions, the clock backend, and for each clock id 0-11 the median ns per call through the vDSO"
            + " and through a forced system call, beside the JVM's own nanoTime() and currentTimeMillis(); then the"
            + " kernel check: for each clock id, whether reads through the vDSO entered the kernel, counted by the"
            + " kernel's own syscall tracepoints where perf_event_open allows it, inferred from the timings where"
            + " not.")
final class VdsoCommand implements Callable<Integer> {
    @Option(names = "--format", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).",
            defaultValue = "text", converter = FormatConverter.class)
    private ReportFormat format;

    @Option(names = "--dump", paramLabel = "FILE", description = "Also write the vDSO image to FILE, for readelf or objdump.")
    private Path dump;

    @Option(names = "--kernelcheck", paramLabel = "seccomp|perf", defaultValue = "seccomp",
            description = {"How the kernel check measures: a seccomp probe (default, no privileges), or the kernel's",
                "tracepoint counters (perf), which also count this process's time system calls."})
    private String kernelCheck;

    @Option(names = "--tracepoints", paramLabel = "NAME:ID", split = ",",
            description = {"Tracepoint ids for --kernelcheck perf where tracefs is not readable (it is root's alone on",
                "most hosts): NAME clock_gettime, gettimeofday or time, ID from",
                "/sys/kernel/tracing/events/syscalls/sys_enter_NAME/id. Repeatable."})
    private List<String> tracepoints = new ArrayList<>();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (format != ReportFormat.TEXT && format != ReportFormat.JSON) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format " + format.name().toLowerCase(
                    java.util.Locale.ROOT) + " is for a JVM's report: vdso prints text or json");
        }
        Map<String, Long> tracepointIds = new LinkedHashMap<>();
        for (String value : tracepoints) {
            try {
                AgentOptions.addTracepoint(value, tracepointIds);
            } catch (OptionException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tracepoints: " + e.getMessage());
            }
        }
        KernelCheck check;
        HostSection host;
        PathChoice backend;
        // Counting starts first, so that the process's counts cover everything this command does.
        boolean perf = kernelCheck.equalsIgnoreCase("perf");
        if (!perf && !kernelCheck.equalsIgnoreCase("seccomp")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kernelcheck " + kernelCheck
                    + " is not valid: use seccomp or perf");
        }
        try (KernelCheckSession kernel = KernelCheckSession.toOpen(KernelCheckSession.ALL_CLOCKS, null)) {
            if (perf) {
                kernel.open(tracepointIds, AgentOptions.TRACEPOINT_SYSCALLS);
            } else {
                kernel.openSeccomp();
            }
            backend = PathSetup.install(ClockMode.VDSO, true, false); // the CLI's own JVM: JNA may find the vDSO
            backend.apply(); // the calibration and the probes read through it
            Clocksource clocksource = Clocksource.read();
            Calibration calibration = Calibration.measure();
            host = new HostSection(HostFacts.kernel(), HostFacts.arch(), HostFacts.jdk(), clocksource, backend,
                    calibration);
            check = kernel.check(backend.path(), calibration, clocksource, "the counters were not opened");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == ReportFormat.JSON) {
            JsonReport.write(host, check, null, out);
        } else {
            TextReport.write(host, check, null, true, out);
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
