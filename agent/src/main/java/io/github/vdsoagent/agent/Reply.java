package io.github.vdsoagent.agent;

import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.report.AtomicFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's answer to a CLI command, left in the CLI's private directory: {@value #RESULT} (ok or not, a message,
 * facts), {@value #REPORT} when there is one, and {@value #LOG}, the agent's own log lines while it worked on the
 * command, which the CLI shows on its stderr instead of the target's. Without a directory (a -javaagent start),
 * results go to the log and the log stays on stderr.
 */
final class Reply implements AutoCloseable {
    static final String RESULT = "result.properties";
    static final String REPORT = "report";
    static final String LOG = "log.txt";

    private final Path dir;
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream previousSink;
    private boolean ok = true;
    private String message = "";

    private Reply(Path dir) {
        this.dir = dir;
        this.previousSink = dir == null ? null : AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    /** @param dir the CLI's reply directory, or null */
    static Reply to(Path dir) {
        return new Reply(dir == null || !isUsable(dir) ? null : dir);
    }

    boolean toCli() {
        return dir != null;
    }

    /** A fact for the CLI; without one, nothing (an Instant's text costs ~10 ms cold, at premain). */
    Reply fact(String key, Object value) {
        if (dir != null) {
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

    void report(String rendered) throws IOException {
        if (dir != null) {
            AtomicFile.write(dir.resolve(REPORT), rendered.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException {
        if (dir == null) {
            return;
        }
        AgentLog.redirect(previousSink);
        Map<String, String> result = new LinkedHashMap<>();
        result.put("ok", Boolean.toString(ok));
        result.put("message", message);
        result.putAll(facts);
        AtomicFile.write(dir.resolve(LOG), log.toByteArray());
        AtomicFile.write(dir.resolve(RESULT), PropertiesText.of(result));
    }

    /** Only a real directory, not a link to one somewhere else, that this user owns. */
    private static boolean isUsable(Path dir) {
        try {
            return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    && Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }
}
