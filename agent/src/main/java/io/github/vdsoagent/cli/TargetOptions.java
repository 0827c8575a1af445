package io.github.vdsoagent.cli;

import io.github.vdsoagent.files.ReplaceableFile;
import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.options.AgentOption;
import io.github.vdsoagent.options.OptionException;
import picocli.CommandLine;

import java.nio.file.Path;

/**
 * Agent options given to attach or profile, read by the agent's own parser here first (a mistake is the CLI's usage
 * error, not the target's) and prepared for the target: a relative report= path made absolute against the CLI's
 * directory, and report=none unless asked otherwise, since the CLI's report and detach commands deliver reports.
 */
final class TargetOptions {
    private TargetOptions() {
    }

    /** The options as given; a mistake is a usage error. */
    static AgentOptions parse(String text, CommandLine commandLine) {
        try {
            return AgentOptions.parse(text);
        } catch (OptionException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    static AgentOptions prepare(String text, CommandLine commandLine) {
        try {
            AgentOptions options = AgentOptions.parse(text);
            Path file = options.report().file();
            if (!options.gave(AgentOption.REPORT)) {
                options = options.with(AgentOption.REPORT, "none");
            } else if (file != null) {
                String refused = ReplaceableFile.whyNot(file.toAbsolutePath());
                if (refused != null) {
                    throw new OptionException("report=" + refused);
                }
                options = options.with(AgentOption.REPORT, file.toAbsolutePath().toString());
            }
            return options;
        } catch (OptionException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
