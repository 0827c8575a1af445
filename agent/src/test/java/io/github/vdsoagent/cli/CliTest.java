package io.github.vdsoagent.cli;

import static io.github.vdsoagent.testing.Escapes.unescape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CliTest {
    @Test
    void eachCommandIsListedUnderTheNameItsAnnotationGives() {
        for (Map.Entry<String, Class<?>> command : Cli.COMMANDS.entrySet()) {
            assertEquals(command.getValue().getAnnotation(Command.class).name(), command.getKey());
        }
    }

    @Test
    void helpListsEveryCommandInOrder() {
        StringWriter out = new StringWriter();
        CommandLine cli = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "--help");
        assertEquals(0, cli.execute("--help"));
        String help = out.toString();
        int last = -1;
        for (String name : Cli.COMMANDS.keySet()) {
            int at = help.indexOf("\n  " + name + " ");
            assertTrue(at > last, name + " missing or out of order in:\n" + help);
            last = at;
        }
    }

    @Test
    void aNamedCommandIsBuiltAloneAndKeepsTheSettings() {
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "attach", "not-a-pid");
        assertEquals(List.of("attach"), List.copyOf(cli.getSubcommands().keySet()));
        assertEquals(Cli.USAGE, cli.execute("attach", "not-a-pid"));
        assertTrue(err.toString().startsWith("vdso-agent: "), err.toString());
    }

    @Test
    void aMistypedCommandIsAUsageErrorWithEveryCommandBuilt() {
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "atach");
        assertEquals(List.copyOf(Cli.COMMANDS.keySet()), List.copyOf(cli.getSubcommands().keySet()));
        assertEquals(Cli.USAGE, cli.execute("atach", "1"));
        assertTrue(err.toString().startsWith("vdso-agent: Unmatched argument"), err.toString());
    }

    /** Usage errors answer at once with exit 2, before any target is looked at: the target never sees them. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "report,1,--top,-1                       | --top -1 is not valid: use a whole number from 0 to 100000",
        "detach,1,--top,100001                   | --top 100001 is not valid",
        "profile,1,--duration,1s,--top,-1        | --top -1 is not valid",
        "attach,1,report=none,                   | empty option 2 of 2 in 'report=none,'",
        "attach,1,top=\u0663                    | top=\u0663 is not valid",
        "attach,1,reply=/tmp                     | unknown option 'reply'",
        "profile,1,--duration,1s,report=/tmp/x   | report= is set by profile itself",
        "profile,1,--duration,1s,format=json     | format= is set by profile itself",
        "report,1,--out,/dev/null                | --out /dev/null is a character device, not a regular file",
    })
    void mistakesAreUsageErrorsBeforeAnyTargetIsTouched(String args, String expected) {
        StringWriter err = new StringWriter();
        String[] argv = unescape(args).split(",", -1);
        if (argv[argv.length - 1].isEmpty() && args.endsWith(",")) {
            argv[argv.length - 2] = argv[argv.length - 2] + ",";
            argv = java.util.Arrays.copyOf(argv, argv.length - 1);
        }
        CommandLine cli = Cli.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), argv);
        assertEquals(Cli.USAGE, cli.execute(argv), err.toString());
        assertTrue(err.toString().startsWith("vdso-agent: ") && err.toString().contains(unescape(expected)),
                err.toString());
        assertEquals(1, err.toString().lines().count(), "one line: " + err);
    }

    @Test
    void spacesAroundAnAttachOptionAreTheAgentsGrammarNotAnotherOne() {
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "attach", "1");
        assertEquals("clock=vdso,report=none,format=text,top=20,log=warn",
                TargetOptions.prepare(" report = none ", cli).toString());
        assertEquals("clock=vdso,report=none,format=text,top=20,log=warn", TargetOptions.prepare("", cli).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"attach", "report abc", "detach", "attach 1 clock=fast", "profile 1",
        "profile 1 --duration 0s", "report 1 --format xml", "frobnicate"})
    void usageErrorsExitWithTwoAndOneLine(String args) {
        StringWriter err = new StringWriter();
        String[] argv = args.split(" ");
        CommandLine cli = Cli.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), argv);
        assertEquals(Cli.USAGE, cli.execute(argv), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("vdso-agent: "), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "attach", "report", "detach", "profile", "vdso"})
    void everyCommandHasHelp(String command) {
        StringWriter out = new StringWriter();
        CommandLine cli = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                command, "--help");
        assertEquals(Cli.OK, cli.execute(command, "--help"));
        assertTrue(out.toString().contains("Usage: vdso-agent " + command), out.toString());
    }

    @Test
    void versionAndTopLevelHelp() {
        StringWriter out = new StringWriter();
        CommandLine version = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "--version");
        assertEquals(Cli.OK, version.execute("--version"));
        assertTrue(out.toString().startsWith("vdso-agent "), out.toString());
        StringWriter help = new StringWriter();
        CommandLine all = Cli.commandLine(new PrintWriter(help, true), new PrintWriter(new StringWriter(), true),
                "--help");
        assertEquals(Cli.OK, all.execute("--help"));
        for (String command : Cli.COMMANDS.keySet()) {
            assertTrue(help.toString().contains(command), help.toString());
        }
        assertTrue(help.toString().contains("Exit codes:"), help.toString());
    }
}
