package io.github.vdsoagent.cli;

import io.github.vdsoagent.attach.CommandResult;
import io.github.vdsoagent.attach.TargetException;
import io.github.vdsoagent.attach.TargetProcess;
import io.github.vdsoagent.options.AgentOptions.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code detach PID}: original bytecode back, counting stopped, the final report. */
@Command(name = "detach", mixinStandardHelpOptions = true,
        header = "Restores the original bytecode, stops counting and prints the final report.",
        description = "Restores the original bytecode of every class the agent rewrote in the target, stops counting"
            + " and prints the final report. The target's time calls are the JVM's own again.")
final class DetachCommand extends TargetCommand implements Callable<Integer> {
    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", converter = FormatConverter.class,
            description = "Report format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the final report to FILE instead of stdout.")
    Path out;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "Call sites to list (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() throws TargetException {
        TargetProcess target = TargetProcess.check(pid);
        CommandResult result = send(target, "detach", ReportCommand.reportOptions(format, top));
        deliver(result.report(), out);
        err().println("vdso-agent " + result.message() + " in JVM " + pid);
        return Cli.OK;
    }
}
