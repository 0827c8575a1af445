package io.github.vdsoagent.kernel;

import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.options.OptionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tracepoints=NAME:ID: repeatable, canonical, one clear line for each mistake. */
class TracepointOptionTest {

    @Test
    void repeatedValuesCollectInCanonicalOrder() throws OptionException {
        AgentOptions o = AgentOptions.parse("tracepoints=time:453,clock=vdso,tracepoints=clock_gettime:480");
        assertEquals(Map.of("clock_gettime", 480L, "time", 453L), o.tracepoints());
        assertEquals(List.of("clock_gettime", "time"), List.copyOf(o.tracepoints().keySet()));
        assertTrue(o.toString().endsWith(",tracepoints=clock_gettime:480,tracepoints=time:453"), o.toString());
        assertEquals(o.toString(), AgentOptions.parse(o.toString()).toString());
    }

    @Test
    void noneByDefaultAndNoneInTheCanonicalForm() throws OptionException {
        assertTrue(AgentOptions.defaults().tracepoints().isEmpty());
        assertFalse(AgentOptions.parse("clock=jvm").toString().contains("tracepoints"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tracepoints=480                                      | tracepoints=480 is not valid: use tracepoints=NAME:ID",
        "tracepoints=read:12                                  | NAME one of clock_gettime, gettimeofday, time",
        "tracepoints=clock_gettime:                           | tracepoints=clock_gettime: is not valid",
        "tracepoints=clock_gettime:-4                         | tracepoints=clock_gettime:-4 is not valid",
        "tracepoints=clock_gettime:1,tracepoints=clock_gettime:2 | tracepoints= gives clock_gettime twice",
        "tracepoint=clock_gettime:1                           | known keys: include, exclude, coarse, coarseinclude, clock, report, format, interval, top, log, tracepoints",
    })
    void mistakesGetOneClearLine(String text, String expected) {
        OptionException e = assertThrows(OptionException.class, () -> AgentOptions.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
