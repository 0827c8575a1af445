package io.github.vdsoagent.agent;

import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.protocol.Answer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's answer to one CLI request, while it is being made: the outcome, facts, a report, and the agent's own
 * log lines meanwhile, which go to the CLI (its stderr) instead of the target's stderr. Without an exchange (a
 * -javaagent start, or a user's own loadAgent), outcomes go to the log and the log stays on stderr.
 */
final class Reply implements AutoCloseable {
    private final Path exchange;
    private final Answer.Kind kind;
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream previousSink;
    private boolean ok = true;
    private String message = "";
    private String report;

    private Reply(Path exchange, Answer.Kind kind) {
        this.exchange = exchange;
        this.kind = kind;
        this.previousSink = exchange == null ? null : AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    /** @param exchange the CLI's directory for the request (checked by the request's reading), or null */
    static Reply to(Path exchange) {
        return new Reply(exchange, Answer.Kind.IMMEDIATE);
    }

    /** The final answer of a profile that ends by itself, into the exchange of the request that started it. */
    static Reply atProfileEnd(Path exchange) {
        return new Reply(exchange, Answer.Kind.PROFILE_END);
    }

    boolean toCli() {
        return exchange != null;
    }

    /** A fact for the CLI; without one, nothing (an Instant's text costs ~10 ms cold, at premain). */
    Reply fact(String key, Object value) {
        if (exchange != null) {
            facts.put(key, String.valueOf(value));
        }
        return this;
    }

    void ok(String text) {
        ok = true;
        message = text;
    }

    void fail(String text) {
        ok = false;
        message = text;
    }

    boolean isOk() {
        return ok;
    }

    void report(String rendered) {
        report = rendered;
    }

    @Override
    public void close() throws IOException {
        if (exchange == null) {
            return;
        }
        AgentLog.redirect(previousSink);
        Answer.write(exchange, kind, ok, message, facts, report, log.toByteArray());
    }
}
