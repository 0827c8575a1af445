package io.github.vdsoagent.report;

import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.List;

/**
 * What {@code coarse=} did: per coarse API with calls, the clock its sites read, that clock's resolution, the
 * measured cost of a coarse and of a precise read, and the estimated saving (calls times the difference).
 *
 * @param options  the coarse= and coarseinclude= options, canonical
 * @param whyNot   null when the coarse sites read the coarse clock; else why they read the precise one
 * @param tickNs   the coarse wall clock's resolution (clock_getres), its tick; null when not known
 * @param rows     one per coarse API with calls, most called first
 * @param nanoTime whether coarse=nanoTime was given: durations shorter than a tick are lost
 */
public record CoarseSection(String options, String whyNot, Long tickNs, List<Row> rows, boolean nanoTime) {
    /**
     * @param clock        the clock read: the coarse one, or the precise one when not in effect
     * @param resolutionNs the clock's resolution (clock_getres); null when not known
     * @param coarseNs     one coarse read's measured cost on the stub's path; null when not timed
     * @param preciseNs    one read of the precise clock on that path; null when not timed
     * @param savedNs      calls times (preciseNs - coarseNs); null when either is missing or not in effect
     */
    public record Row(TimeApi api, long calls, String clock, Long resolutionNs, Double coarseNs, Double preciseNs,
                      Long savedNs) {
    }

    public boolean inEffect() {
        return whyNot == null;
    }

    /** The rows' savings summed; null when no row has one. */
    public Long savedNs() {
        Long sum = null;
        for (Row row : rows) {
            if (row.savedNs() != null) {
                sum = (sum == null ? 0 : sum) + row.savedNs();
            }
        }
        return sum;
    }
}
