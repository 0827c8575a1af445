package io.github.vdsoagent.jfr;

import io.github.vdsoagent.kernel.ClockCheck;
import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.List;

/**
 * What the events say, from the session that owns them. The session implements it (it knows its window and its
 * kernel check); nothing here names a JFR type, so that a runtime without the jdk.jfr module can load it.
 */
public interface EventSource {
    /** Each site's calls so far, by site id; once the session has ended, the counts it ended with. */
    long[] counts();

    /** The counts the session's window began with (its start, or a profile's reset): the first events count from them. */
    long[] windowStart();

    /** The sites those counts index. */
    List<CallSite> sites();

    /** One site, by id, without copying the list; null if there is none. */
    CallSite site(int id);

    /** The verdicts now; never starts a probe of its own each time it is asked. */
    Verdicts verdicts();

    /** The session as a Session event tells it. */
    Facts facts();

    /** The verdict of each API's clock, and the kernel check's line per clock. */
    interface Verdicts {
        Verdict of(TimeApi api);

        List<ClockCheck> clocks();
    }

    /**
     * @param backend     jni, ffm or jvm
     * @param clocksource the kernel's current clocksource; null if unreadable
     * @param vdsoBase    where the vDSO is mapped; 0 when not resolved
     * @param options     the session's options, canonical
     * @param sites       the call sites rewritten so far
     */
    record Facts(String backend, String clocksource, long vdsoBase, String options, int sites) {
    }
}
