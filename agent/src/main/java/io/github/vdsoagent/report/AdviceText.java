package io.github.vdsoagent.report;

import java.io.PrintWriter;
import java.util.List;

/** The advice section in text: each suggestion, the figures behind it, its gain and how to act on it. */
final class AdviceText {
    private AdviceText() {
    }

    static void write(PrintWriter w, List<Advice> advice) {
        w.println();
        if (advice.isEmpty()) {
            w.println("advice: none (nothing in this window called for it; docs/report.md says what would)");
            return;
        }
        w.println("advice (" + advice.size() + "):");
        int n = 1;
        for (Advice a : advice) {
            w.println("  " + n++ + ". " + a.summary());
            for (String line : a.evidence()) {
                w.println("     evidence: " + line);
            }
            w.println("     gain: " + a.gain());
            w.println("     do: " + a.action());
        }
    }
}
