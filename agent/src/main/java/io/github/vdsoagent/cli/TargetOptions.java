package io.github.vdsoagent.cli;

import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.options.OptionException;
import picocli.CommandLine;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Agent options given to attach or profile, checked here first (a usage error is the CLI's to report, not the
 * target's) and prepared for the target: a relative report= path made absolute against the CLI's directory, and
 * report=none unless asked otherwise, since the CLI's report and detach commands deliver the reports.
 */
final class TargetOptions {
    private TargetOptions() {
    }

    static String prepare(String text, CommandLine commandLine) {
        List<String> items = new ArrayList<>();
        boolean hasReport = false;
        if (!text.trim().isEmpty()) {
            for (String item : text.split(",", -1)) {
                if (item.trim().toLowerCase(java.util.Locale.ROOT).startsWith("report=")) {
                    hasReport = true;
                    String value = item.substring(item.indexOf('=') + 1).trim();
                    if (!value.equalsIgnoreCase("stderr") && !value.equalsIgnoreCase("none") && !value.isEmpty()) {
                        item = "report=" + Paths.get(value).toAbsolutePath();
                    }
                }
                items.add(item);
            }
        }
        if (!hasReport) {
            items.add("report=none");
        }
        String prepared = String.join(",", items);
        try {
            AgentOptions.parse(prepared);
        } catch (OptionException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        return prepared;
    }
}
