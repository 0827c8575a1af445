package io.github.vdsoagent.text;

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

    /** A span of time given in nanoseconds, in the unit that reads best: 35.0 ns, 840.2 us, 20.8 ms, 1.25 s. */
    public static String nanos(double nanos) {
        double size = Math.abs(nanos);
        if (size >= 1e9) {
            return decimals(nanos / 1e9, 2) + " s";
        }
        if (size >= 1e6) {
            return decimals(nanos / 1e6, 1) + " ms";
        }
        if (size >= 1e3) {
            return decimals(nanos / 1e3, 1) + " us";
        }
        return decimals(nanos, 1) + " ns";
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

    /**
     * {@code %.Nf} in Locale.ROOT: half up, from the shortest decimal that is the double (its {@code toString}), as
     * Formatter rounds. By hand on the digits: BigDecimal, the obvious tool, costs a JVM ~10 ms to load and set up
     * on JDK 25 (it is not in the JDK's class data archive), paid by the exit report.
     */
    public static String decimals(double value, int places) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        String shortest = Double.toString(Math.abs(value)); // d.ddd, or d.dddE-n / d.dddEn
        int e = shortest.indexOf('E');
        String mantissa = e < 0 ? shortest : shortest.substring(0, e);
        int point = mantissa.indexOf('.');
        StringBuilder digits = new StringBuilder(mantissa.length()).append(mantissa, 0, point)
                .append(mantissa, point + 1, mantissa.length());
        int intDigits = point + (e < 0 ? 0 : Integer.parseInt(shortest.substring(e + 1)));
        if (intDigits < 1) { // 0.000ddd: lead with zeros up to one integer digit
            for (int i = intDigits; i < 1; i++) {
                digits.insert(0, '0');
            }
            intDigits = 1;
        }
        int kept = intDigits + places;
        while (digits.length() <= kept) {
            digits.append('0');
        }
        boolean roundUp = digits.charAt(kept) >= '5';
        digits.setLength(kept);
        for (int i = kept - 1; roundUp && i >= 0; i--) {
            char d = digits.charAt(i);
            digits.setCharAt(i, d == '9' ? '0' : (char) (d + 1));
            roundUp = d == '9';
        }
        if (roundUp) {
            digits.insert(0, '1');
            intDigits++;
        }
        int leadingZeros = 0;
        while (leadingZeros < intDigits - 1 && digits.charAt(leadingZeros) == '0') {
            leadingZeros++;
        }
        StringBuilder out = new StringBuilder(digits.length() + 2);
        if (Double.doubleToRawLongBits(value) < 0) {
            out.append('-');
        }
        out.append(digits, leadingZeros, intDigits);
        if (places > 0) {
            out.append('.').append(digits, intDigits, digits.length());
        }
        return out.toString();
    }
}
