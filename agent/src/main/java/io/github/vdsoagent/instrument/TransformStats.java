package io.github.vdsoagent.instrument;

import java.util.List;

/**
 * What the rewriting has done so far.
 *
 * @param classesScanned   classes whose bytecode was examined for time calls, each once: those loaded before the
 *                         session started (examined as it started) and those loaded since; the same meaning under
 *                         -javaagent and after attach
 * @param classesRewritten classes rewritten, counting a class again each time it is rewritten
 * @param sitesFound       call sites rewritten, likewise
 * @param classesFailed    classes left as they were because rewriting them failed
 * @param runningAtStart   rewritten methods that were running in some thread when the session started after the
 *                         JVM had (an attach): a running invocation keeps the old code until it returns
 */
public record TransformStats(long classesScanned, long classesRewritten, long sitesFound, long classesFailed,
                             List<String> runningAtStart) {
}
