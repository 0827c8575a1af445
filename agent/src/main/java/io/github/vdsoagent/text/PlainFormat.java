package io.github.vdsoagent.text;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The few printf conversions the reports use, by hand: a JVM's first String.format or printf costs it 25-50 ms
 * (the Formatter's regex, and the locale data behind {@code %,d}), paid by a host at its exit when its report is
 * the first. Output matches Locale.ROOT's: {@link #grouped} is {@code %,d}, {@link #decimals} is {@code %.Nf}.
 */
public final class PlainFormat {
    private PlainFormat() {
    }

    /** {@code %-Ns}: left-justified, padded with spaces to {@code width}. */
    public static String left(String text, int width) {
        StringBuilder s = new StringBuilder(text);
        while (s.length() < width) {
            s.append(' ');
        }
        return s.toString();
    }

    /** {@code %Ns}: right-justified, padded with spaces to {@code width}. */
    public static String right(String text, int width) {
        StringBuilder s = new StringBuilder();
        for (int i = text.length(); i < width; i++) {
            s.append(' ');
        }
        return s.append(text).toString();
    }

    /** An address or offset as the reports write it: 0x7ffd1c5f5000. */
    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** {@code %,d} in Locale.ROOT: 1,234,567. */
    public static String grouped(long value) {
        String digits = Long.toString(value);
        int start = value < 0 ? 1 : 0;
        StringBuilder s = new StringBuilder(digits.substring(0, start));
        for (int i = start; i < digits.length(); i++) {
            if (i > start && (digits.length() - i) % 3 == 0) {
                s.append(',');
            }
            s.append(digits.charAt(i));
        }
        return s.toString();
    }

    /** {@code %.Nf} in Locale.ROOT: half up, from the shortest decimal that is the double, as Formatter rounds. */
    public static String decimals(double value, int places) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).toPlainString();
    }
}
