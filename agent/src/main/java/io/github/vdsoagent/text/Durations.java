package io.github.vdsoagent.text;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DURATION values (thrown IllegalArgumentExceptions say what is wrong, in one line): a positive whole number and a unit, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}. */
public final class Durations {
    private Durations() {
    }

    /** Apart, so that {@link #format}, on a short JVM's exit report, does not compile a regex. */
    private static final class Form {
        static final Pattern PATTERN = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");
    }

    public static Duration parse(String text)  {
        Duration d = read(text);
        if (d.isZero()) {
            throw new IllegalArgumentException("a duration must be longer than zero: '" + text + "'");
        }
        return d;
    }

    /** A duration as {@link #parse} reads it, or zero: {@code 0}, {@code 0s}, {@code 0ms}. */
    public static Duration parseOrZero(String text)  {
        return text != null && text.trim().equals("0") ? Duration.ZERO : read(text);
    }

    private static Duration read(String text)  {
        Matcher m = Form.PATTERN.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use a whole number and ms, s, m or h, e.g. 500ms, 30s, 5m");
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            default:
                return Duration.ofHours(amount);
        }
    }

    /** The shortest exact form: 1500ms stays 1500ms, 120s becomes 2m. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
