package io.github.vdsoagent.log;

import io.github.vdsoagent.vocabulary.LogLevel;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One line per message, {@code vdso-agent: WARN message}. A throwable adds its message; its stack trace only at
 * debug level, so that the host's stderr never carries a stack trace it did not ask for.
 */
final class AgentLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    AgentLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return AgentLog.enabled(LogLevel.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return AgentLog.enabled(LogLevel.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return AgentLog.enabled(LogLevel.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable thrown) {
        StringBuilder line = new StringBuilder("vdso-agent: ").append(level).append(' ')
                .append(MessageFormatter.basicArrayFormat(pattern, args));
        if (thrown != null) {
            if (AgentLog.enabled(LogLevel.DEBUG)) {
                StringWriter trace = new StringWriter();
                thrown.printStackTrace(new PrintWriter(trace));
                line.append(System.lineSeparator()).append(trace.toString().trim());
            } else {
                line.append(": ").append(thrown);
            }
        }
        AgentLog.write(line.toString());
    }
}
