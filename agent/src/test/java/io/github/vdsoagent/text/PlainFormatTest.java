package io.github.vdsoagent.text;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each conversion against the Formatter it stands for. */
class PlainFormatTest {
    @Test
    void groupedIsCommaD() {
        for (long v : new long[] {0, 7, -7, 999, 1000, -1000, 123456, 1234567, -98765432, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(String.format(Locale.ROOT, "%,d", v), PlainFormat.grouped(v));
        }
    }

    @Test
    void decimalsIsPointNf() {
        double[] values = {0, 0.05, 0.15, 0.25, 1.45, 2.5, 21.349999, 37.95, 572.6, 1e-7, 123456.789, -3.25,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double v : values) {
            for (int places = 1; places <= 4; places++) {
                assertEquals(String.format(Locale.ROOT, "%." + places + "f", v), PlainFormat.decimals(v, places),
                        v + " to " + places);
            }
        }
    }

    /** Random doubles over the magnitudes reports print (and well beyond), with 0 to 4 places. */
    @Test
    void decimalsIsPointNfForAnyDouble() {
        Random random = new Random(20261127);
        for (int i = 0; i < 50_000; i++) {
            double v = Math.scalb(random.nextDouble(), random.nextInt(80) - 40) * (random.nextInt(8) == 0 ? -1 : 1);
            if (i % 5 == 0) {
                v = Math.round(v * 1000) / 1000.0 + 0.0005; // a half at the third place, as far as a double can be
            }
            int places = random.nextInt(5);
            assertEquals(String.format(Locale.ROOT, "%." + places + "f", v), PlainFormat.decimals(v, places),
                    v + " to " + places);
        }
        for (double v : new double[] {-0.0, 0.5, 1.5, 9.5, 9.995, 99.95, 999.5, 1e21, 1e-300, Double.MAX_VALUE,
            Double.MIN_VALUE, -0.004}) {
            for (int places = 0; places <= 3; places++) {
                assertEquals(String.format(Locale.ROOT, "%." + places + "f", v), PlainFormat.decimals(v, places),
                        v + " to " + places);
            }
        }
    }

    @Test
    void paddingIsS() {
        assertEquals(String.format("%-8s|%8s|", "abc", "abc"), PlainFormat.left("abc", 8) + "|" + PlainFormat.right("abc", 8) + "|");
        assertEquals(String.format("%-2s|%2s|", "abcd", "abcd"), PlainFormat.left("abcd", 2) + "|" + PlainFormat.right("abcd", 2) + "|");
    }
}
