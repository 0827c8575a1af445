package io.github.vdsoagent.protocol;

import io.github.vdsoagent.files.AtomicFile;
import io.github.vdsoagent.files.PlainFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's answer in an {@link Exchange}: its result (ok or not, a message, facts), its report when there is one,
 * and its own log lines while it worked on the request, which the CLI shows on its stderr instead of the target's.
 * The result is written last, and nothing of the answer is touched after it: a reader that finds it finds the rest,
 * and a CLI that waits for no more answers may take the directory back at once. A profile's exchange also gets an
 * interim report every second, and a second answer at the profile's end, after which the CLI removes it.
 */
public record Answer(boolean ok, String message, Map<String, String> facts, String report, List<String> log) {
    /** Which of an exchange's answers: the one to the request, or the one a profile leaves when it ends. */
    public enum Kind {
        IMMEDIATE(""), PROFILE_END("end-");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    private static final String RESULT = "result.properties";
    private static final String REPORT = "report";
    private static final String LOG = "log.txt";
    /** A hostile or broken target cannot make the CLI read without bound. */
    private static final int MAX_BYTES = 256 * 1024 * 1024;

    /** A fact the agent gave, or null. */
    public String fact(String key) {
        return facts.get(key);
    }

    /** For the agent: writes an answer into the exchange's directory. */
    public static void write(Path dir, Kind kind, boolean ok, String message, Map<String, String> facts, String report,
                             byte[] log) throws IOException {
        if (report != null) {
            AtomicFile.write(dir.resolve(kind.prefix + REPORT), report.getBytes(StandardCharsets.UTF_8));
        }
        AtomicFile.write(dir.resolve(kind.prefix + LOG), log, false);
        Map<String, String> result = new LinkedHashMap<>();
        result.put("ok", Boolean.toString(ok));
        result.put("message", message);
        result.putAll(facts);
        AtomicFile.write(dir.resolve(kind.prefix + RESULT), PropertiesText.of(result), false);
    }

    /** Whether that answer is there yet. */
    public static boolean isThere(Path dir, Kind kind) {
        return Files.isRegularFile(dir.resolve(kind.prefix + RESULT), LinkOption.NOFOLLOW_LINKS);
    }

    /** For the CLI: the answer, or null if it is not there (yet). Read as files, never through links. */
    public static Answer read(Path dir, Kind kind) throws IOException {
        Path result = dir.resolve(kind.prefix + RESULT);
        if (!Files.isRegularFile(result, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(result, LinkOption.NOFOLLOW_LINKS)) {
            p.load(in);
        }
        Map<String, String> facts = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.equals("ok") && !key.equals("message")) {
                facts.put(key, p.getProperty(key));
            }
        }
        String report = readIfThere(dir.resolve(kind.prefix + REPORT));
        String log = readIfThere(dir.resolve(kind.prefix + LOG));
        return new Answer(Boolean.parseBoolean(p.getProperty("ok")), p.getProperty("message", ""), facts, report,
                log == null || log.isEmpty() ? List.of() : List.of(log.split("\n")));
    }

    private static String readIfThere(Path file) throws IOException {
        return PlainFile.read(file, MAX_BYTES);
    }
}
