package io.github.vdsoagent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line, {@code java -jar vdso-agent.jar <command>}. Exit codes: 0 done, 1 a problem with the target
 * or the host, 2 a usage error. Every error is one line on stderr.
 */
@Command(name = "vdso-agent", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Shows which call sites read the clock, how often, and whether each read entered the kernel.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a problem with the target or the host (one line on stderr says which)",
            "2:a usage error"},
        footer = {"", "Run a command with --help for its options."})
public final class Cli implements Runnable {
    public static final int OK = 0;
    public static final int TARGET_PROBLEM = 1;
    public static final int USAGE = 2;

    /**
     * The commands, in the order --help lists them, by the name each one's {@code @Command} gives. Picocli builds
     * a command's model by reflection, about 20 ms a command in a fresh JVM (measured on JDK 25), and an attach
     * waits for it: a command line that names a command builds only that one. (Reading the names from the
     * annotations would cost much of what this saves; CliTest checks that they agree.)
     */
    static final Map<String, Class<?>> COMMANDS = commands("vdso", VdsoCommand.class, "list", ListCommand.class,
            "attach", AttachCommand.class, "report", ReportCommand.class, "profile", ProfileCommand.class,
            "detach", DetachCommand.class);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private Cli() {
    }

    public static int run(String[] args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args).execute(args);
    }

    /**
     * The command line configured for {@code args}, writing to the given streams (tests pass their own): the
     * command {@code args} start with, or, when they start with none (--help, a mistake), every command.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Cli());
        Class<?> named = args.length == 0 ? null : COMMANDS.get(args[0]);
        for (Class<?> command : named != null ? List.of(named) : COMMANDS.values()) {
            cli.addSubcommand(command); // before the settings below, which apply to the commands added so far
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("vdso-agent: " + e.getMessage() + " (see --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("vdso-agent: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return TARGET_PROBLEM;
        });
        return cli;
    }

    private static Map<String, Class<?>> commands(Object... namesAndClasses) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < namesAndClasses.length; i += 2) {
            byName.put((String) namesAndClasses[i], (Class<?>) namesAndClasses[i + 1]);
        }
        return byName;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "no command given");
    }
}
