package io.github.vdsoagent.cli;

import io.github.vdsoagent.attach.CommandResult;
import io.github.vdsoagent.attach.TargetException;
import io.github.vdsoagent.attach.TargetProcess;
import io.github.vdsoagent.protocol.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code attach PID [OPTIONS]}: load the agent into a running JVM, or apply new options to the one there. */
@picocli.CommandLine.Command(name = "attach", mixinStandardHelpOptions = true,
        header = "Loads the agent into a running JVM and starts counting.",
        description = "Rewrites the loaded classes that read the clock and starts counting. Prints one line: classes"
            + " rewritten, call sites found, time taken. If the agent is already active there, applies the new"
            + " options or says it is already active. On JDK 21 and later the target prints a warning about a"
            + " dynamically loaded agent unless it runs with -XX:+EnableDynamicAgentLoading.")
final class AttachCommand extends TargetCommand implements Callable<Integer> {
    @Parameters(index = "1", arity = "0..1", paramLabel = "OPTIONS", defaultValue = "",
            description = "Agent options, key=value,key=value, as for -javaagent (report= defaults to none here).")
    String options;

    @Override
    public Integer call() throws TargetException {
        String prepared = TargetOptions.prepare(options, spec.commandLine()).toString();
        long start = System.nanoTime();
        TargetProcess target = TargetProcess.check(pid);
        CommandResult result = send(target, Command.ATTACH, prepared);
        long ms = (System.nanoTime() - start) / 1_000_000;
        spec.commandLine().getOut().printf("vdso-agent %s in JVM %d: %s classes rewritten, %s call sites, rewriting took %s ms"
                        + " (%d ms in all)%n", result.message(), pid, result.fact("classesRewritten"),
                result.fact("sitesFound"), result.fact("rewriteMs"), ms);
        String running = result.fact("runningAtAttach");
        if (running != null && !running.equals("0")) {
            err().println("vdso-agent: note: " + running + " rewritten method(s) were running; a running invocation"
                    + " keeps its old code until it returns, so its calls are not counted (the report names them)");
        }
        return Cli.OK;
    }
}
