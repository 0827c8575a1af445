package io.github.vdsoagent.cli;

import io.github.vdsoagent.files.ReplaceableFile;
import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.options.AgentOption;
import io.github.vdsoagent.options.OptionException;
import io.github.vdsoagent.vocabulary.ReportFormat;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The options of the commands that print a report (report, detach, profile): its format, how many call sites, and a
 * file instead of stdout. Checked before anything is sent: a mistake is a usage error the target never sees.
 */
final class ReportOutputOptions {
    static final int MAX_TOP = 100_000;

    @Option(names = "--format", paramLabel = "text|json|collapsed|html", defaultValue = "text", converter = FormatConverter.class,
            description = "Report format (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE (a regular file or a new"
            + " path, replaced atomically, owner-only) instead of stdout.")
    Path out;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "Call sites to list, 0 to 100000 (default: ${DEFAULT-VALUE}).")
    int top;

    /** Throws picocli's usage error for a value the agent would refuse or a file that may not be replaced. */
    void check(CommandLine commandLine) {
        if (top < 0 || top > MAX_TOP) {
            throw new CommandLine.ParameterException(commandLine, "--top " + top + " is not valid: use a whole number"
                    + " from 0 to " + MAX_TOP);
        }
        String refused = out == null ? null : ReplaceableFile.whyNot(out.toAbsolutePath());
        if (refused != null) {
            throw new CommandLine.ParameterException(commandLine, "--out " + refused);
        }
    }

    /** {@code options} with this command's format and top instead of theirs. */
    AgentOptions withOwnOptions(AgentOptions options, CommandLine commandLine) {
        try {
            return options.with(AgentOption.FORMAT, format.name().toLowerCase(Locale.ROOT)).with(AgentOption.TOP,
                    Integer.toString(top));
        } catch (OptionException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    /** The agent options that render the report this way. */
    String agentOptions() {
        return "format=" + format.name().toLowerCase(Locale.ROOT) + ",top=" + top;
    }
}
