package io.github.vdsoagent.agent;

import io.github.vdsoagent.options.OptionException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * What a start of the agent asks for. Besides the agent options, two keys of the same grammar are for the CLI:
 * {@code command=} (what to do in a JVM where the agent may already run) and {@code reply=} (a private directory of
 * the CLI's where the agent leaves its answer, its report and its log lines). Users never need them.
 */
final class ControlRequest {
    enum Command { START, ATTACH, REPORT, RESET, DETACH, STATUS }

    private final Command command;
    private final Path replyDir;
    private final String options;

    private ControlRequest(Command command, Path replyDir, String options) {
        this.command = command;
        this.replyDir = replyDir;
        this.options = options;
    }

    /** @param dynamic whether this start is a dynamic attach (agentmain), which defaults to attach, not start */
    static ControlRequest parse(String text, boolean dynamic) throws OptionException {
        Command command = dynamic ? Command.ATTACH : Command.START;
        Path reply = null;
        StringBuilder rest = new StringBuilder();
        if (text != null && !text.trim().isEmpty()) {
            for (String item : text.split(",", -1)) {
                String key = item.contains("=") ? item.substring(0, item.indexOf('=')).trim().toLowerCase(Locale.ROOT) : "";
                String value = item.substring(item.indexOf('=') + 1).trim();
                if (key.equals("command")) {
                    command = command(value, dynamic);
                } else if (key.equals("reply")) {
                    reply = replyDir(value);
                } else {
                    rest.append(rest.length() == 0 ? "" : ",").append(item);
                }
            }
        }
        return new ControlRequest(command, reply, rest.toString());
    }

    private static Command command(String value, boolean dynamic) throws OptionException {
        if (!dynamic) {
            throw new OptionException("command= is for the CLI's attach, not for -javaagent");
        }
        try {
            Command command = Command.valueOf(value.toUpperCase(Locale.ROOT));
            if (command != Command.START) {
                return command;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new OptionException("command=" + value + " is not valid: use attach, report, reset, detach or status");
    }

    private static Path replyDir(String value) throws OptionException {
        try {
            Path path = Paths.get(value);
            if (!path.isAbsolute()) {
                throw new OptionException("reply= needs an absolute directory");
            }
            return path;
        } catch (InvalidPathException e) {
            throw new OptionException("reply=" + value + " is not a path");
        }
    }

    Command command() {
        return command;
    }

    /** The CLI's reply directory, or null when the request came from -javaagent or a user's own tool. */
    Path replyDir() {
        return replyDir;
    }

    /** The agent options, without the CLI's keys. */
    String options() {
        return options;
    }
}
