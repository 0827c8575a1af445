package io.github.vdsoagent.options;

import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.List;
import java.util.Set;

/**
 * The values of {@code coarse=}: a time API by the name the report gives it, with or without its package
 * ({@code java.lang.System.currentTimeMillis} or {@code currentTimeMillis}, {@code Instant.now},
 * {@code new Date()}), or {@code wallclock} for every API that reads the wall clock. {@code nanoTime} is never
 * implied: it counts only when named, since durations shorter than a tick come out as 0.
 */
final class CoarseApis {
    static final String WALL_CLOCK = "wallclock";

    private CoarseApis() {
    }

    /** Adds what one value names to {@code into}; throws with one line a user can act on. */
    static void add(String value, Set<TimeApi> into) throws OptionException {
        if (AgentOption.asciiEqualsIgnoreCase(WALL_CLOCK, value)) {
            for (TimeApi api : TimeApi.values()) {
                if (api.readsWallClock()) {
                    into.add(api);
                }
            }
            return;
        }
        for (TimeApi api : TimeApi.values()) {
            if (!api.isCoarse() && (equalsIgnoringAsciiCase(api.apiName(), value)
                    || equalsIgnoringAsciiCase(api.shortName(), value))) {
                if (api.coarse() == null) {
                    throw new OptionException("coarse=" + value + " is not valid: " + api.shortName()
                            + " reads a clock that has no coarse twin (thread CPU time always enters the kernel)");
                }
                into.add(api);
                return;
            }
        }
        throw new OptionException("coarse=" + value + " is not valid: use an API name as the report gives it, such as"
                + " currentTimeMillis, Instant.now, new Date(), LocalDateTime.now, Clock.systemUTC or nanoTime,"
                + " or coarse=wallclock for every wall-clock API");
    }

    /** The canonical values: {@code wallclock} when it is all there, then each other API's short name. */
    static void write(Set<TimeApi> apis, List<String> values) {
        boolean wallClock = true;
        for (TimeApi api : TimeApi.values()) {
            wallClock &= !api.readsWallClock() || apis.contains(api);
        }
        if (wallClock) {
            values.add(WALL_CLOCK);
        }
        for (TimeApi api : apis) {
            if (!(wallClock && api.readsWallClock())) {
                values.add(api.shortName());
            }
        }
    }

    /** ASCII letters in either case; the names hold nothing else that folds. */
    private static boolean equalsIgnoringAsciiCase(String name, String typed) {
        if (name.length() != typed.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (lower(name.charAt(i)) != lower(typed.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
