package io.github.vdsoagent.protocol;

import io.github.vdsoagent.files.AtomicFile;
import io.github.vdsoagent.files.FileOwner;
import io.github.vdsoagent.host.ProcessIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the CLI asks of the agent: a command, the agent options (validated and made canonical by the CLI), and for
 * a profile its duration and the CLI process that waits for it. The request is a file in the CLI's private
 * directory for this command (its {@link Exchange}), where the agent also answers; the agent is told only where
 * that directory is ({@code @DIR}, as agentmain's argument or as a control request's text). So the CLI's keys never
 * share the option grammar: no option a user types can send the agent's answers somewhere.
 */
public record Request(Command command, String options, Duration profileFor, ProcessIdentity client) {
    static final String FILE = "request.properties";
    private static final String ARGUMENT_PREFIX = "@";
    private static final int MAX_BYTES = 64 * 1024;

    /** The text that points an agent at a request in {@code dir}. */
    public static String argument(Path dir) {
        return ARGUMENT_PREFIX + dir;
    }

    /** The directory an argument points at, or null if {@code text} is not such an argument (but options). */
    public static Path directoryOf(String text) {
        if (text == null || !text.startsWith(ARGUMENT_PREFIX + "/")) {
            return null;
        }
        try {
            return Paths.get(text.substring(ARGUMENT_PREFIX.length()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    void writeTo(Path dir) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("command", command.name().toLowerCase(Locale.ROOT));
        entries.put("options", options);
        if (profileFor != null) {
            entries.put("profileMs", Long.toString(profileFor.toMillis()));
        }
        if (client != null) {
            entries.put("client", client.toString());
        }
        AtomicFile.write(dir.resolve(FILE), PropertiesText.of(entries), false);
    }

    /**
     * Reads the request in {@code dir}, for the agent: only from a real directory of this process's own user (the
     * CLI hands a root-made one over to the target's user), never through a link.
     */
    public static Request readFrom(Path dir) throws IOException {
        if (!dir.isAbsolute() || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !FileOwner.isOwn(dir)) {
            throw new IOException(dir + " is not a directory of this user's");
        }
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
            throw new IOException("no request in " + dir);
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            p.load(in);
        }
        Command command;
        try {
            command = Command.valueOf(p.getProperty("command", "").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown command '" + p.getProperty("command") + "' (another vdso-agent version?)");
        }
        String ms = p.getProperty("profileMs");
        Duration profileFor;
        try {
            profileFor = ms == null ? null : Duration.ofMillis(Long.parseLong(ms));
        } catch (NumberFormatException e) {
            throw new IOException("profileMs=" + ms + " is not a number");
        }
        return new Request(command, p.getProperty("options", ""), profileFor,
                ProcessIdentity.parse(p.getProperty("client")));
    }
}
