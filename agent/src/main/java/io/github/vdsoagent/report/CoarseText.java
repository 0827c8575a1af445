package io.github.vdsoagent.report;

import io.github.vdsoagent.text.PlainFormat;

import java.io.PrintWriter;

/** The coarse clocks section in text: one line per coarse API, then what the numbers mean and what a tick costs. */
final class CoarseText {
    private CoarseText() {
    }

    static void write(PrintWriter w, CoarseSection coarse, long windowMs) {
        w.println();
        w.println("coarse clocks (" + coarse.options() + "): these sites read the kernel's last tick instead of the"
                + " hardware counter");
        if (!coarse.inEffect()) {
            w.println("  not in effect: " + coarse.whyNot());
        }
        w.println("  " + PlainFormat.left("API", 56) + " " + PlainFormat.right("calls", 15) + "  "
                + PlainFormat.left("clock read", 23) + " " + PlainFormat.right("resolution", 10) + " "
                + PlainFormat.right("coarse ns", 9) + " " + PlainFormat.right("precise ns", 10) + " "
                + PlainFormat.right("saved", 10));
        for (CoarseSection.Row row : coarse.rows()) {
            w.println("  " + PlainFormat.left(row.api().apiName(), 56) + " "
                    + PlainFormat.right(PlainFormat.grouped(row.calls()), 15) + "  " + PlainFormat.left(row.clock(), 23)
                    + " " + PlainFormat.right(row.resolutionNs() == null ? "-" : PlainFormat.nanos(row.resolutionNs()), 10)
                    + " " + PlainFormat.right(ns(row.coarseNs()), 9) + " " + PlainFormat.right(ns(row.preciseNs()), 10)
                    + " " + PlainFormat.right(row.savedNs() == null ? "-" : PlainFormat.nanos(row.savedNs()), 10));
        }
        if (coarse.rows().isEmpty()) {
            w.println("  (no call of a coarse site in this window)");
        }
        Long saved = coarse.savedNs();
        if (saved != null) {
            w.println("  saved: about " + PlainFormat.nanos(saved) + " of CPU in " + PlainFormat.decimals(windowMs / 1000.0, 1)
                    + " s: each API's calls times (precise ns - coarse ns), one read's cost in the vDSO function, timed"
                    + " in C as the set-up ended");
        }
        String tick = coarse.tickNs() == null ? "one tick" : "one tick (" + PlainFormat.nanos(coarse.tickNs()) + ")";
        w.println("  a coarse value lags the precise clock by at most " + tick + " (and the tick handler's delay) and"
                + " never goes backwards at its site; a coarse site and a precise one can show a later event with an"
                + " earlier time, within " + tick);
        if (coarse.nanoTime()) {
            w.println("  WARNING: coarse=nanoTime: durations shorter than " + tick + " measure as 0, and every duration"
                    + " is off by up to a tick");
        }
    }

    private static String ns(Double value) {
        return value == null ? "-" : PlainFormat.decimals(value, 1);
    }
}
