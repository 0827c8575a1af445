package io.github.vdsoagent.options;

import static io.github.vdsoagent.testing.Escapes.unescape;
import io.github.vdsoagent.text.Durations;
import io.github.vdsoagent.vocabulary.ReportFormat;
import io.github.vdsoagent.vocabulary.LogLevel;
import io.github.vdsoagent.vocabulary.ClockMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentOptionsTest {

    @Test
    void emptyOrMissingMeansDefaults() throws OptionException {
        for (String text : new String[]{null, "", "   "}) {
            AgentOptions o = AgentOptions.parse(text);
            assertEquals(ClockMode.VDSO, o.clock());
            assertSame(ReportTarget.STDERR, o.report());
            assertEquals(ReportFormat.TEXT, o.format());
            assertNull(o.interval());
            assertEquals(20, o.top());
            assertEquals(LogLevel.WARN, o.log());
            assertTrue(o.include().isEmpty());
        }
    }

    @Test
    void everyKeyIsParsed() throws OptionException {
        AgentOptions o = AgentOptions.parse("include=com.acme.**,include=org.x.*,exclude=com.acme.Gen*,clock=syscall,"
                + "report=/tmp/r.json,format=json,interval=500ms,top=5,log=debug,kernelcheck=timing");
        assertEquals(2, o.include().size());
        assertTrue(o.include().get(0).matches("com.acme.web.Foo"));
        assertTrue(o.exclude().get(0).matches("com.acme.Generated"));
        assertEquals(ClockMode.SYSCALL, o.clock());
        assertEquals(Paths.get("/tmp/r.json"), o.report().file());
        assertEquals(ReportFormat.JSON, o.format());
        assertEquals(Duration.ofMillis(500), o.interval());
        assertEquals(5, o.top());
        assertEquals(LogLevel.DEBUG, o.log());
        assertEquals(KernelCheckMode.TIMING, o.kernelCheck());
    }

    @Test
    void kernelcheckDefaultsToSeccompAndAppearsInTheCanonicalFormOnlyWhenChanged() throws OptionException {
        assertEquals(KernelCheckMode.SECCOMP, AgentOptions.defaults().kernelCheck());
        assertFalse(AgentOptions.parse("kernelcheck=seccomp").toString().contains("kernelcheck"));
        assertTrue(AgentOptions.parse("kernelcheck=perf").toString().endsWith(",kernelcheck=perf"));
        AgentOptions timing = AgentOptions.parse("kernelcheck=TIMING");
        assertTrue(timing.toString().endsWith(",kernelcheck=timing"), timing.toString());
        assertEquals(KernelCheckMode.TIMING, AgentOptions.parse(timing.toString()).kernelCheck());
    }

    @Test
    void jnicriticalDefaultsToAutoAndAppearsInTheCanonicalFormOnlyWhenOff() throws OptionException {
        assertEquals(JniCritical.AUTO, AgentOptions.defaults().jniCritical());
        assertFalse(AgentOptions.parse("jnicritical=auto").toString().contains("jnicritical"));
        AgentOptions off = AgentOptions.parse("jnicritical=OFF");
        assertTrue(off.toString().endsWith(",jnicritical=off"), off.toString());
        assertEquals(JniCritical.OFF, AgentOptions.parse(off.toString()).jniCritical());
    }

    @Test
    void jmxIsOnWithoutSiteBeansAndEachAppearsInTheCanonicalFormOnlyWhenNotTheDefault() throws OptionException {
        assertEquals(Jmx.ON, AgentOptions.defaults().jmx());
        assertEquals(0, AgentOptions.defaults().jmxSites());
        assertFalse(AgentOptions.parse("jmx=on,jmxsites=0").toString().contains("jmx"));
        AgentOptions off = AgentOptions.parse("jmx=OFF,jmxsites=1000");
        assertTrue(off.toString().endsWith(",jmx=off,jmxsites=1000"), off.toString());
        AgentOptions again = AgentOptions.parse(off.toString());
        assertEquals(Jmx.OFF, again.jmx());
        assertEquals(1000, again.jmxSites());
    }

    @Test
    void theKernelCheckWaitsOneSecondUnlessStartdelaySaysOtherwise() throws OptionException {
        assertEquals(Duration.ofSeconds(1), AgentOptions.defaults().startDelay());
        assertFalse(AgentOptions.parse("startdelay=1s").toString().contains("startdelay"));
        assertFalse(AgentOptions.parse("startdelay=1000ms").toString().contains("startdelay"));
        for (String zero : List.of("0", "0s", "0ms")) {
            AgentOptions now = AgentOptions.parse("startdelay=" + zero);
            assertEquals(Duration.ZERO, now.startDelay());
            assertTrue(now.toString().endsWith(",startdelay=0"), now.toString());
            assertEquals(Duration.ZERO, AgentOptions.parse(now.toString()).startDelay());
        }
        AgentOptions later = AgentOptions.parse("startdelay=30s");
        assertEquals(Duration.ofSeconds(30), later.startDelay());
        assertEquals(later.toString(), AgentOptions.parse(later.toString()).toString());
    }

    @Test
    void onlyClockGettimeIsCountedUnlessSyscallsAsksForMore() throws OptionException {
        assertEquals(Set.of("clock_gettime"), AgentOptions.defaults().syscalls());
        assertFalse(AgentOptions.parse("syscalls=clock_gettime").toString().contains("syscalls"));
        AgentOptions more = AgentOptions.parse("syscalls=time,syscalls=GETTIMEOFDAY");
        assertEquals(List.of("clock_gettime", "gettimeofday", "time"), List.copyOf(more.syscalls()));
        assertTrue(more.toString().endsWith(",syscalls=gettimeofday,syscalls=time"), more.toString());
        assertEquals(more.syscalls(), AgentOptions.parse(more.toString()).syscalls());
        assertEquals(more.syscalls(), AgentOptions.parse("syscalls=all").syscalls());
    }

    @Test
    void stacksSampleOneCallInAThousandSixtyFourFramesDeepByDefault() throws OptionException {
        AgentOptions defaults = AgentOptions.defaults();
        assertEquals(AgentOptions.DEFAULT_STACKS, defaults.stacks());
        assertEquals(64, defaults.stackDepth());
        assertFalse(defaults.toString().contains("stack"), defaults.toString());
        AgentOptions off = AgentOptions.parse("stacks=0,stackdepth=128,format=HTML");
        assertEquals(0, off.stacks());
        assertEquals(128, off.stackDepth());
        assertEquals(ReportFormat.HTML, off.format());
        assertTrue(off.toString().contains("stacks=0,stackdepth=128"), off.toString());
        assertEquals(off.toString(), AgentOptions.parse(off.toString()).toString());
        assertEquals(ReportFormat.COLLAPSED, AgentOptions.parse("format=collapsed").format());
    }

    @Test
    void canonicalFormParsesBackToTheSameOptions() throws OptionException {
        AgentOptions o = AgentOptions.parse("clock=JVM,report=none,interval=120s,include=a.b.*");
        assertEquals(o.toString(), AgentOptions.parse(o.toString()).toString());
        assertTrue(o.toString().contains("interval=2m"), o.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo=1                | unknown option 'foo'",
        "clock=fast           | clock=fast is not valid: use clock=vdso|jvm|syscall",
        "format=xml           | format=xml is not valid",
        "log=trace            | log=trace is not valid",
        "kernelcheck=none     | kernelcheck=none is not valid: use kernelcheck=seccomp|perf|timing",
        "jnicritical=on       | jnicritical=on is not valid: use jnicritical=auto|off",
        "jmx=yes              | jmx=yes is not valid: use jmx=on|off",
        "jmxsites=1001        | jmxsites=1001 is not valid: use a whole number from 0 to 1000",
        "jmxsites=-1          | jmxsites=-1 is not valid",
        "syscalls=clock_settime | syscalls=clock_settime is not valid: use syscalls=NAME with NAME one of clock_gettime, gettimeofday, time, or syscalls=all",
        "kernelcheck=perf,kernelcheck=timing | option 'kernelcheck' given twice",
        "top=-1               | top=-1 is not valid",
        "stacks=-1            | stacks=-1 is not valid: use a whole number from 0 to 100000000",
        "stacks=100000001     | stacks=100000001 is not valid",
        "stackdepth=0         | stackdepth=0 is not valid: use a whole number from 1 to 2048",
        "stackdepth=deep      | stackdepth=deep is not valid",
        "top=many             | top=many is not valid",
        "interval=5           | '5' is not a duration",
        "interval=0s          | longer than zero",
        "interval=0           | '0' is not a duration",
        "startdelay=-1s       | '-1s' is not a duration",
        "startdelay=soon      | 'soon' is not a duration",
        "startdelay=1s,startdelay=2s | option 'startdelay' given twice",
        "interval=10d         | '10d' is not a duration",
        "clock=vdso,clock=jvm | option 'clock' given twice",
        "clock                | 'clock' is not key=value",
        "=vdso                | '=vdso' is not key=value",
        "clock=vdso,,top=3    | empty option",
        "include=com.acme/Foo | is not a class-name pattern",
        "include=             | is not a class-name pattern",
        "report=              | report= needs stderr, none or a file path",
    })
    void badOptionsAreRejectedWithOneLineThatNamesTheProblem(String text, String expected) {
        OptionException e = assertThrows(OptionException.class, () -> AgentOptions.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    /** The grammar every entry point uses: the same answer for the same text, whatever the entry. */
    @ParameterizedTest
    @ValueSource(strings = {",", ",,", ",report=none", "report=none,", "report=none,,top=3", " , report=none"})
    void anEmptyPairIsRejectedWhereverItIs(String text) {
        OptionException e = assertThrows(OptionException.class, () -> AgentOptions.parse(text));
        assertTrue(e.getMessage().startsWith("empty option ") && e.getMessage().contains("in '" + text + "'"),
                "the message quotes the text as typed: " + e.getMessage());
    }

    @Test
    void spacesAroundKeysAndValuesAreIgnoredAndKeysTakeAnyAsciiCase() throws OptionException {
        AgentOptions spaced = AgentOptions.parse(" report = none , TOP= 5 ");
        assertSame(ReportTarget.NONE, spaced.report());
        assertEquals(5, spaced.top());
        assertTrue(spaced.gave(AgentOption.REPORT) && spaced.gave(AgentOption.TOP) && !spaced.gave(AgentOption.CLOCK));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "top=\u0663            | top=\u0663 is not valid",
        "top=+3                 | top=+3 is not valid",
        "top=100001             | top=100001 is not valid",
        "clock=vd\u017Fo       | clock=vd\u017Fo is not valid",
        "\u0130nclude=a.*      | unknown option '\u0130nclude'",
        "reply=/tmp/x           | unknown option 'reply'",
        "command=detach         | unknown option 'command'",
    })
    void onlyAsciiDigitsAndKeysAndNoInternalKeys(String escaped, String expected) {
        String text = unescape(escaped);
        OptionException e = assertThrows(OptionException.class, () -> AgentOptions.parse(text));
        assertTrue(e.getMessage().contains(unescape(expected)), e.getMessage());
    }

    @Test
    void withReplacesAnOptionAndKeepsTheRest() throws OptionException {
        AgentOptions o = AgentOptions.parse("include=a.**,report=/tmp/r,top=3").with(AgentOption.REPORT, "none");
        assertSame(ReportTarget.NONE, o.report());
        assertEquals(3, o.top());
        assertEquals("a.**", o.include().get(0).toString());
        assertThrows(OptionException.class, () -> o.with(AgentOption.REPORT, "/tmp/a,b"), "a value with a comma");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1ms", "30s", "5m", "2h"})
    void durationsFormatBackToThemselves(String text) throws OptionException {
        assertEquals(text, Durations.format(Durations.parse(text)));
    }

    @Test
    void globsMatchWithinOrAcrossPackageLevels() throws OptionException {
        ClassGlob oneLevel = ClassGlob.parse("com.acme.*");
        assertTrue(oneLevel.matches("com.acme.Foo"));
        assertTrue(oneLevel.matches("com.acme.Foo$Bar"));
        assertFalse(oneLevel.matches("com.acme.web.Foo"));
        ClassGlob anyLevel = ClassGlob.parse("com.acme.**");
        assertTrue(anyLevel.matches("com.acme.web.Foo"));
        assertFalse(anyLevel.matches("com.acmex.Foo"));
        assertTrue(ClassGlob.parse("com.?cme.Foo").matches("com.acme.Foo"));
        assertFalse(ClassGlob.parse("com.acme.Foo").matches("com.acme.FooBar"));
    }
}
