package io.github.vdsoagent.log;

import io.github.vdsoagent.vocabulary.LogLevel;
import org.slf4j.Logger;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The agent's logging: SLF4J's API (relocated inside the agent jar) over a backend of its own that writes one
 * line per message to file descriptor 2. Never the host's logging configuration, never the host's System.err
 * object (which an application may have redirected into its own logs), silent at the default level unless
 * something is wrong.
 */
public final class AgentLog {
    private static volatile LogLevel level = LogLevel.WARN;
    private static volatile PrintStream sink =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private AgentLog() {
    }

    public static Logger get(Class<?> owner) {
        return new AgentLogger(owner.getName());
    }

    public static void setLevel(LogLevel newLevel) {
        level = newLevel;
    }

    public static LogLevel level() {
        return level;
    }

    /** Where lines go from now on (the CLI's report command collects them this way); returns the previous sink. */
    public static PrintStream redirect(PrintStream newSink) {
        PrintStream previous = sink;
        sink = newSink;
        return previous;
    }

    static boolean enabled(LogLevel wanted) {
        return wanted.compareTo(level) <= 0;
    }

    static void write(String line) {
        sink.println(line);
    }
}
