package io.github.vdsoagent.cli;

import io.github.vdsoagent.attach.CommandResult;
import io.github.vdsoagent.attach.TargetException;
import io.github.vdsoagent.attach.TargetProcess;
import io.github.vdsoagent.protocol.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code detach PID}: original bytecode back, counting stopped, the final report. */
@picocli.CommandLine.Command(name = "detach", mixinStandardHelpOptions = true,
        header = "Restores the original bytecode, stops counting and prints the final report.",
        description = "Restores the original bytecode of every class the agent rewrote in the target, stops counting"
            + " and prints the final report. The target's time calls are the JVM's own again.")
final class DetachCommand extends TargetCommand implements Callable<Integer> {
    @Mixin
    ReportOutputOptions output;

    @Override
    public Integer call() throws TargetException {
        output.check(spec.commandLine());
        TargetProcess target = TargetProcess.check(pid);
        CommandResult result = send(target, Command.DETACH, output.agentOptions());
        deliver(result.report(), output.out);
        err().println("vdso-agent " + result.message() + " in JVM " + pid);
        return Cli.OK;
    }
}
