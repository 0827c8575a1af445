package io.github.vdsoagent.cli;

import io.github.vdsoagent.attach.TargetException;
import io.github.vdsoagent.attach.TargetProcess;
import io.github.vdsoagent.protocol.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code report PID}: the target's report now, counts since attach. */
@picocli.CommandLine.Command(name = "report", mixinStandardHelpOptions = true,
        header = "Prints the target's report now.",
        description = "Prints the target's report now: the calls counted since the agent attached (or since the"
            + " profiling session reset them).")
final class ReportCommand extends TargetCommand implements Callable<Integer> {
    @Mixin
    ReportOutputOptions output;

    @Override
    public Integer call() throws TargetException {
        output.check(spec.commandLine());
        TargetProcess target = TargetProcess.check(pid);
        deliver(send(target, Command.REPORT, output.agentOptions()).report(), output.out);
        return Cli.OK;
    }
}
