package io.github.vdsoagent.instrument;

import io.github.vdsoagent.options.ClassGlob;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.List;
import java.util.Set;

/**
 * Which call sites read the coarse clock ({@code coarse=}, {@code coarseinclude=}): decided once per site as its
 * class is rewritten, by retargeting the call at the API's coarse twin, so that no call decides anything at run time.
 * Only classes the include/exclude filter accepts are rewritten at all; {@code coarseinclude=} narrows further.
 */
public final class CoarseChoice {
    /** No site reads the coarse clock. */
    public static final CoarseChoice NONE = new CoarseChoice(Set.of(), List.of());

    private final Set<TimeApi> apis;
    private final List<ClassGlob> include;

    /**
     * @param apis    the APIs, as the application calls them, whose sites read the coarse clock
     * @param include class-name globs where they do; empty: every class rewritten
     */
    public CoarseChoice(Set<TimeApi> apis, List<ClassGlob> include) {
        this.apis = apis;
        this.include = include;
    }

    /** What the site calling {@code api} in the class named so (dotted) is rewritten to call. */
    TimeApi target(String className, TimeApi api) {
        return apis.contains(api) && inScope(className) ? api.coarse() : api;
    }

    private boolean inScope(String className) {
        if (include.isEmpty()) {
            return true;
        }
        for (ClassGlob glob : include) { // a loop, not a stream: this may run at premain
            if (glob.matches(className)) {
                return true;
            }
        }
        return false;
    }
}
