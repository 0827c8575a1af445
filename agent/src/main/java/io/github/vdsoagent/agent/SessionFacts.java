package io.github.vdsoagent.agent;

import io.github.vdsoagent.instrument.TransformStats;

/** What a report says of the process and the session besides its calls. */
record SessionFacts(long pid, long uptimeMs, TransformStats transforms, String options) {
}
