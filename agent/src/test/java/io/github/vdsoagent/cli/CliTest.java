package io.github.vdsoagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
}
