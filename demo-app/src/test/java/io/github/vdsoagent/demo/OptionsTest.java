package io.github.vdsoagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OptionsTest {

    @Test
    void defaultsCallEveryApiAMillionTimesOnOneThread() throws Exception {
        Options options = Options.parse();
        assertEquals(1_000_000L, options.iterations);
        assertEquals(1, options.threads);
        assertFalse(options.isTimed());
        assertEquals(List.of(TimeApi.values()), options.apis);
        assertFalse(options.help);
        assertFalse(options.hold);
    }

    @Test
    void countsInBothSpellings() throws Exception {
        Options options = Options.parse("--iterations", "5", "--threads=3");
        assertEquals(5, options.iterations);
        assertEquals(3, options.threads);
        assertEquals(42, Options.parse("--iterations=42").iterations);
        assertEquals(Options.MAX_THREADS, Options.parse("--threads", "1024").threads);
    }

    @Test
    void durationsInEveryUnit() throws Exception {
        assertEquals(500_000_000L, Options.parse("--run-for", "500ms").runForNanos);
        assertEquals(30_000_000_000L, Options.parse("--run-for", "30s").runForNanos);
        assertEquals(300_000_000_000L, Options.parse("--run-for=5m").runForNanos);
        assertEquals(3_600_000_000_000L, Options.parse("--run-for", "1h").runForNanos);
    }

    @Test
    void runForWinsOverIterations() throws Exception {
        Options options = Options.parse("--iterations", "10", "--run-for", "1s");
        assertTrue(options.isTimed());
        assertTrue(Options.usage().contains("wins over --iterations"));
    }

    @Test
    void apisAreKeptInCatalogueOrderAndMayBeRepeated() throws Exception {
        Options options = Options.parse("--api", "new java.util.Date(),java.lang.System.nanoTime",
                "--api", "java.time.LocalDate.now(ZoneId)", "--api", "java.lang.System.nanoTime");
        assertEquals(List.of(TimeApi.NANO_TIME, TimeApi.LOCAL_DATE_NOW_ZONE, TimeApi.NEW_DATE), options.apis);
    }

    @Test
    void holdIsAFlag() throws Exception {
        assertTrue(Options.parse("--iterations", "5", "--hold").hold);
    }

    @Test
    void helpInEitherSpellingWhateverFollows() throws Exception {
        assertTrue(Options.parse("--help").help);
        assertTrue(Options.parse("-h", "--bogus").help);
    }

    @Test
    void usageListsEveryApiByItsName() {
        String usage = Options.usage();
        for (TimeApi api : TimeApi.values()) {
            assertTrue(usage.contains(api.apiName() + "\n"), api.apiName());
        }
    }

    @Test
    void apiNamesAreUniqueAndFoundByName() throws Exception {
        Set<String> names = new HashSet<>();
        for (TimeApi api : TimeApi.values()) {
            assertTrue(names.add(api.apiName()), api.apiName());
            assertEquals(api, TimeApi.byName(api.apiName()));
            assertTrue(names.add(api.shortName()), api.shortName());
            assertEquals(api, TimeApi.byName(api.shortName()), "as the agent's coarse= names it");
        }
        assertEquals(40, names.size());
        assertEquals(List.of(TimeApi.NANO_TIME, TimeApi.INSTANT_NOW, TimeApi.NEW_DATE),
                Options.parse("--api", "nanoTime,Instant.now,new Date()").apis);
    }

    static List<List<String>> badArguments() {
        return List.of(
                List.of("--iterations"),
                List.of("--iterations", "many"),
                List.of("--iterations", "0"),
                List.of("--iterations", "-5"),
                List.of("--iterations", "1.5"),
                List.of("--iterations="),
                List.of("--iterations", "99999999999999999999"),
                List.of("--threads", "0"),
                List.of("--threads", "1025"),
                List.of("--run-for", "10"),
                List.of("--run-for", "0s"),
                List.of("--run-for", "5d"),
                List.of("--run-for", "-1s"),
                List.of("--run-for", "99999999999h"),
                List.of("--api", "java.lang.System.nanotime"),
                List.of("--api", ""),
                List.of("--api", "java.lang.System.nanoTime,"),
                List.of("--bogus"),
                List.of("1000"));
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badArgumentsAreRejectedWithAMessage(List<String> args) {
        Options.BadArgument e = assertThrows(Options.BadArgument.class,
                () -> Options.parse(args.toArray(new String[0])));
        assertNotNull(e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
