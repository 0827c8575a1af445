package io.github.vdsoagent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The command line, {@code java -jar vdso-agent.jar <command>}. Exit codes: 0 done, 1 a problem with the target
 * or the host, 2 a usage error. Every error is one line on stderr.
 */
@Command(name = "vdso-agent", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Shows which call sites read the clock, how often, and whether each read entered the kernel.",
        subcommands = {VdsoCommand.class, ListCommand.class, AttachCommand.class, ReportCommand.class,
            ProfileCommand.class, DetachCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a problem with the target or the host (one line on stderr says which)",
            "2:a usage error"},
        footer = {"", "Run a command with --help for its options."})
public final class Cli implements Runnable {
    public static final int OK = 0;
    public static final int TARGET_PROBLEM = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private Cli() {
    }

    public static int run(String[] args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /** The configured command line, writing to the given streams (tests pass their own). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Cli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("vdso-agent: " + e.getMessage() + " (see --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("vdso-agent: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return TARGET_PROBLEM;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "no command given");
    }
}
