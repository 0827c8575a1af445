package io.github.vdsoagent.options;

import io.github.vdsoagent.vocabulary.TimeApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** coarse= takes the report's API names, with or without their package, and wallclock; coarseinclude= narrows it. */
class CoarseOptionTest {

    @Test
    void noneByDefault() throws OptionException {
        AgentOptions o = AgentOptions.parse("clock=vdso");
        assertTrue(o.coarse().isEmpty());
        assertTrue(o.coarseInclude().isEmpty());
        assertFalse(o.toString().contains("coarse"), o.toString());
    }

    @Test
    void anApiByTheReportsNameOrItsShortName() throws OptionException {
        assertEquals(Set.of(TimeApi.CURRENT_TIME_MILLIS),
                AgentOptions.parse("coarse=java.lang.System.currentTimeMillis").coarse());
        assertEquals(Set.of(TimeApi.CURRENT_TIME_MILLIS, TimeApi.INSTANT_NOW, TimeApi.NEW_DATE,
                TimeApi.LOCAL_DATE_TIME_NOW_ZONE), AgentOptions.parse("coarse=currentTimeMillis,coarse=instant.NOW,"
                + "coarse=new Date(),coarse=java.time.LocalDateTime.now(ZoneId)").coarse());
        assertEquals(Set.of(TimeApi.NEW_DATE), AgentOptions.parse("coarse= new java.util.Date() ").coarse());
    }

    @Test
    void wallclockIsEveryWallClockApiAndNeverNanoTime() throws OptionException {
        Set<TimeApi> wall = AgentOptions.parse("coarse=wallclock").coarse();
        Set<TimeApi> expected = EnumSet.noneOf(TimeApi.class);
        for (TimeApi api : TimeApi.values()) {
            if (!api.isCoarse() && api.clock() == io.github.vdsoagent.vocabulary.ClockId.CLOCK_REALTIME) {
                expected.add(api);
            }
        }
        assertEquals(expected, wall);
        assertEquals(17, wall.size());
        assertFalse(wall.contains(TimeApi.NANO_TIME));
        assertTrue(AgentOptions.parse("coarse=wallclock,coarse=nanoTime").coarse().contains(TimeApi.NANO_TIME));
    }

    @Test
    void theCanonicalFormIsShortAndParsesBack() throws OptionException {
        for (String[] pair : new String[][]{
            {"coarse=WallClock", "coarse=wallclock"},
            {"coarse=nanotime,coarse=wallclock", "coarse=wallclock,coarse=nanoTime"},
            {"coarse=new java.util.Date(),coarse=currentTimeMillis", "coarse=currentTimeMillis,coarse=new Date()"},
            {"coarse=Instant.now,coarseinclude=com.acme.log.**,coarseinclude=org.x.*",
                "coarse=Instant.now,coarseinclude=com.acme.log.**,coarseinclude=org.x.*"},
        }) {
            AgentOptions o = AgentOptions.parse(pair[0]);
            assertTrue(o.toString().startsWith(pair[1] + ","), o.toString());
            assertEquals(o.toString(), AgentOptions.parse(o.toString()).toString());
            assertEquals(pair[1], o.canonical(AgentOption.COARSE, AgentOption.COARSEINCLUDE));
        }
        assertEquals(List.of("com.acme.log.**"),
                List.of(AgentOptions.parse("coarse=wallclock,coarseinclude=com.acme.log.**").coarseInclude().get(0)
                        .toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "coarse=getCurrentThreadCpuTime                  | coarse=getCurrentThreadCpuTime is not valid: use an API name",
        "coarse=ThreadMXBean.getCurrentThreadCpuTime     | has no coarse twin",
        "coarse=java.lang.management.ThreadMXBean.getCurrentThreadUserTime | has no coarse twin",
        "coarse=now                                      | or coarse=wallclock for every wall-clock API",
        "coarse=                                         | coarse= is not valid",
        "coarseinclude=com.acme.**                       | coarseinclude= narrows coarse=, which is not given",
        "coarse=wallclock,coarseinclude=com/acme         | is not a class-name pattern",
    })
    void mistakesGetOneClearLine(String text, String expected) {
        OptionException e = assertThrows(OptionException.class, () -> AgentOptions.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
