package io.github.vdsoagent.agent;

import io.github.vdsoagent.instrument.TransformStats;
import io.github.vdsoagent.report.ClocksourceChange;

import java.util.List;

/** What a report says of the process and the session besides its calls. */
record SessionFacts(long pid, long uptimeMs, TransformStats transforms, String options,
                    List<ClocksourceChange> clocksourceChanges) {
}
