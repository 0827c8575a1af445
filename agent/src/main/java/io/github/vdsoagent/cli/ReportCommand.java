package io.github.vdsoagent.cli;

import io.github.vdsoagent.attach.TargetException;
import io.github.vdsoagent.attach.TargetProcess;
import io.github.vdsoagent.options.AgentOptions.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code report PID}: the target's report now, counts since attach. */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Prints the target's report now.",
        description = "Prints the target's report now: the calls counted since the agent attached (or since the"
            + " profiling session reset them).")
final class ReportCommand extends TargetCommand implements Callable<Integer> {
    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", converter = FormatConverter.class,
            description = "Report format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path out;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "Call sites to list (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() throws TargetException {
        TargetProcess target = TargetProcess.check(pid);
        deliver(send(target, "report", reportOptions(format, top)).report(), out);
        return Cli.OK;
    }

    static String reportOptions(Format format, int top) {
        return "format=" + format.name().toLowerCase(Locale.ROOT) + ",top=" + top;
    }
}
