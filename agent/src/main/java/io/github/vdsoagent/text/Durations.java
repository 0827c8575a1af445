package io.github.vdsoagent.text;

import java.time.Duration;

/** DURATION values (thrown IllegalArgumentExceptions say what is wrong, in one line): a positive whole number and a unit, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}. */
public final class Durations {
    private Durations() {
    }

    /** At most nine digits, the grammar's limit: 999,999,999 of any unit fits a Duration. */
    private static final int MAX_DIGITS = 9;

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

    /**
     * By hand, not by a regular expression: premain parses {@code startdelay=} and {@code interval=}, where the
     * first {@code Pattern} loaded 29 more classes (docs/design/start-up.md).
     */
    private static Duration read(String text)  {
        String t = text == null ? "" : text.trim();
        int digits = 0;
        while (digits < t.length() && t.charAt(digits) >= '0' && t.charAt(digits) <= '9') {
            digits++;
        }
        String unit = t.substring(digits);
        if (digits == 0 || digits > MAX_DIGITS || !isUnit(unit)) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use a whole number and ms, s, m or h, e.g. 500ms, 30s, 5m");
        }
        long amount = Long.parseLong(t.substring(0, digits));
        switch (unit) {
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

    private static boolean isUnit(String unit) {
        return unit.equals("ms") || unit.equals("s") || unit.equals("m") || unit.equals("h");
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
