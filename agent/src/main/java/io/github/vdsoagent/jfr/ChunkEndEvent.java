package io.github.vdsoagent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * Never committed: its end-of-chunk hook writes the {@code vdsoagent.TimeCalls} events due. JFR runs a periodic
 * event's hook either at an interval or at chunk ends, not both, and TimeCalls needs both: every second, and as a
 * recording ends, so that its last calls are in it.
 */
@Name("vdsoagent.ChunkEnd")
@Label("Chunk End (never recorded)")
@Category("vdso-agent")
@Description("Never recorded: at the end of every chunk its hook writes the vdsoagent.TimeCalls events due")
@Period("endChunk")
@StackTrace(false)
final class ChunkEndEvent extends jdk.jfr.Event {
}
