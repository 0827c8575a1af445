package io.github.vdsoagent.agent;

import io.github.vdsoagent.instrument.TransformStats;
import io.github.vdsoagent.report.ClocksourceChange;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.List;
import java.util.Set;

/**
 * What a report says of the process and the session besides its calls.
 *
 * @param coarse        the coarse= APIs, as the application calls them; empty when not given
 * @param coarseOptions the coarse= and coarseinclude= options in canonical form
 */
record SessionFacts(long pid, long uptimeMs, TransformStats transforms, String options,
                    List<ClocksourceChange> clocksourceChanges, Set<TimeApi> coarse, String coarseOptions) {
    /** Without coarse=. */
    SessionFacts(long pid, long uptimeMs, TransformStats transforms, String options,
                 List<ClocksourceChange> clocksourceChanges) {
        this(pid, uptimeMs, transforms, options, clocksourceChanges, Set.of(), "");
    }
}
