package io.github.vdsoagent.boot;

import io.github.vdsoagent.fixtures.TimeCalls;
import io.github.vdsoagent.instrument.ClassFilter;
import io.github.vdsoagent.instrument.CoarseChoice;
import io.github.vdsoagent.instrument.TimeCallTransformer;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.testing.Backends;
import io.github.vdsoagent.testing.Rewritten;
import io.github.vdsoagent.vocabulary.TimeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What coarse= promises, held on every path the stub can take: a coarse value is the kernel's coarse clock, as fresh
 * as a read of it made just before, and never later than the precise clock; a site's values never go backwards, not
 * even when the stub switches from the JVM's precise calls to the coarse clock; a coarse site and a precise one can
 * show a later event with an earlier time.
 *
 * <p>How far the kernel's coarse clock lags is the kernel's: one tick, plus however late its tick handler runs,
 * which on a busy VM is milliseconds. So the tests hold the stub's value between the kernel's coarse clock read just
 * before (a forced system call) and the precise clock read just after, which no load can bend, and print the worst
 * lag they saw against the tick.
 */
class CoarseClockSemanticsTest {
    private static final int CLOCK_REALTIME_COARSE = 5;
    private static final int CLOCK_MONOTONIC_COARSE = 6;
    private static Class<?> calls;

    @BeforeAll
    static void rewriteFixtureCoarse() {
        Set<TimeApi> every = EnumSet.noneOf(TimeApi.class);
        for (TimeApi api : TimeApi.values()) {
            if (api.coarse() != null) {
                every.add(api);
            }
        }
        byte[] rewritten = new TimeCallTransformer(new ClassFilter(List.of(), List.of()),
                new CoarseChoice(every, List.of()), new SiteRegistry(), null, null, ClockStub.class)
                .transform(null, null, TimeCalls.class.getName().replace('.', '/'), null, null,
                        Rewritten.bytesOf(TimeCalls.class));
        calls = Rewritten.define(TimeCalls.class.getName(), rewritten);
    }

    @AfterEach
    void backToTheJvm() throws Exception {
        Backends.reset();
    }

    /** The coarse clocks' tick, from clock_getres through the helper. */
    private static long tickNanos() {
        long tick = PathReads.resolutionNanos(CLOCK_REALTIME_COARSE);
        Assumptions.assumeTrue(tick > 0, "clock_getres(CLOCK_REALTIME_COARSE) gave " + tick);
        assertTrue(tick >= 1_000_000 && tick <= 10_000_000, "a tick of 1 to 10 ms (100 to 1000 Hz): " + tick + " ns");
        return tick;
    }

    @ParameterizedTest
    @ValueSource(ints = {ClockBackend.VDSO, ClockBackend.SYSCALL, ClockBackend.FFM})
    void aCoarseValueIsTheKernelsCoarseClockAndNeverAheadOfThePreciseOne(int mode) throws Exception {
        Backends.use(mode);
        long tick = tickNanos();
        long worst = 0;
        for (int i = 0; i < 2_000; i++) {
            long kernelMillis = kernelCoarse(CLOCK_REALTIME_COARSE) / 1_000_000;
            long millis = (long) call("currentTimeMillis");
            long date = ((Date) call("newDate")).getTime();
            long clock = ((Clock) call("systemUTC")).millis();
            long after = System.currentTimeMillis();
            for (long value : new long[]{millis, date, clock}) {
                assertTrue(kernelMillis <= value && value <= after, kernelMillis + " <= " + value + " <= " + after);
            }

            long kernelNanos = kernelCoarse(CLOCK_REALTIME_COARSE);
            Instant from = Instant.now();
            Instant instant = (Instant) call("instantNow");
            LocalDateTime local = (LocalDateTime) call("localDateTime", ZoneOffset.UTC);
            Instant to = Instant.now();
            for (Instant value : new Instant[]{instant, local.toInstant(ZoneOffset.UTC)}) {
                worst = Math.max(worst, nanosBetween(value, from));
                assertTrue(epochNanos(value) >= kernelNanos && !value.isAfter(to),
                        kernelNanos + " ns <= " + value + " <= " + to);
            }

            long kernelMonotonic = kernelCoarse(CLOCK_MONOTONIC_COARSE);
            long start = System.nanoTime();
            long nanos = (long) call("nanoTime");
            long end = System.nanoTime();
            worst = Math.max(worst, start - nanos);
            assertTrue(kernelMonotonic <= nanos && nanos <= end, kernelMonotonic + " <= " + nanos + " <= " + end);
        }
        System.out.println("coarse lag, path " + mode + ": at most " + worst + " ns behind the precise clock read just"
                + " before, with a tick of " + tick + " ns");
    }

    /** The kernel's own coarse clock, through a forced system call: what the stub's coarse value must be as fresh as. */
    private static long kernelCoarse(int clock) {
        long nanos = PathReads.readSyscall(clock);
        Assumptions.assumeTrue(nanos != ClockBackend.FALLBACK, "the native helper cannot read clock " + clock);
        return nanos;
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static long nanosBetween(Instant earlier, Instant later) {
        return (later.getEpochSecond() - earlier.getEpochSecond()) * 1_000_000_000L + later.getNano() - earlier.getNano();
    }

    @ParameterizedTest
    @ValueSource(ints = {ClockBackend.VDSO, ClockBackend.SYSCALL, ClockBackend.FFM})
    void aSitesValuesNeverGoBackwards(int mode) throws Exception {
        Backends.use(mode);
        long lastMillis = Long.MIN_VALUE;
        long lastNanos = Long.MIN_VALUE;
        Instant lastInstant = Instant.MIN;
        for (int i = 0; i < 100_000; i++) {
            long millis = (long) call("currentTimeMillis");
            long nanos = (long) call("nanoTime");
            Instant instant = (Instant) call("instantNow");
            assertTrue(millis >= lastMillis && nanos >= lastNanos && !instant.isBefore(lastInstant),
                    "millis " + lastMillis + " -> " + millis + ", nanos " + lastNanos + " -> " + nanos + ", instant "
                            + lastInstant + " -> " + instant);
            lastMillis = millis;
            lastNanos = nanos;
            lastInstant = instant;
        }
    }

    /**
     * The stub starts on the JVM's precise calls and switches once the agent's set-up is done: the first coarse value
     * after the switch lags the precise one before it by up to a tick, which the stub's floor takes up.
     */
    @ParameterizedTest
    @ValueSource(ints = {ClockBackend.VDSO, ClockBackend.FFM})
    void noValueGoesBackwardsWhenThePathSwitchesFromTheJvmsCalls(int mode) throws Exception {
        Backends.use(mode); // loads the helper before the loop: each switch below is only a switch
        for (int i = 0; i < 2_000; i++) {
            Backends.use(ClockBackend.JVM);
            long precise = (long) call("currentTimeMillis");
            Instant preciseInstant = (Instant) call("instantNow");
            long preciseNanos = (long) call("nanoTime");
            Backends.use(mode);
            long coarse = (long) call("currentTimeMillis");
            Instant coarseInstant = (Instant) call("instantNow");
            long coarseNanos = (long) call("nanoTime");
            assertTrue(coarse >= precise, precise + " then " + coarse);
            assertTrue(!coarseInstant.isBefore(preciseInstant), preciseInstant + " then " + coarseInstant);
            assertTrue(coarseNanos >= preciseNanos, preciseNanos + " then " + coarseNanos);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {ClockBackend.VDSO, ClockBackend.FFM})
    void aCoarseSiteCanShowALaterEventWithAnEarlierTimeNoEarlierThanTheKernelsCoarseClock(int mode)
            throws Exception {
        Backends.use(mode);
        int earlier = 0;
        for (int i = 0; i < 10_000; i++) {
            long kernel = kernelCoarse(CLOCK_REALTIME_COARSE);
            Instant precise = Instant.now();
            Instant coarse = (Instant) call("instantNow"); // read after the precise one
            if (coarse.isBefore(precise)) {
                earlier++;
                assertTrue(epochNanos(coarse) >= kernel, "earlier than the kernel's coarse clock read before: "
                        + coarse + " < " + kernel + " ns");
            }
        }
        assertTrue(earlier > 0, "in 10,000 pairs the coarse read, made second, never showed an earlier time");
    }

    @Test
    void onTheJvmsCallsCoarseSitesReadThePreciseClock() throws Exception {
        Backends.use(ClockBackend.JVM);
        for (int i = 0; i < 200; i++) {
            long before = System.currentTimeMillis();
            long millis = (long) call("currentTimeMillis");
            long after = System.currentTimeMillis();
            assertTrue(before <= millis && millis <= after, before + " <= " + millis + " <= " + after);
            long start = System.nanoTime();
            long nanos = (long) call("nanoTime");
            assertTrue(start <= nanos && nanos <= System.nanoTime());
        }
    }

    @Test
    void coarseSystemClocksBehaveAsTheJdksOwn() throws Exception {
        Backends.use(ClockBackend.VDSO);
        Clock utc = (Clock) call("systemUTC");
        Clock local = (Clock) call("systemDefaultZone");
        assertEquals(ZoneOffset.UTC, utc.getZone());
        assertEquals(ZoneId.systemDefault(), local.getZone());
        assertEquals(Clock.systemUTC().toString(), utc.toString());
        assertEquals(Clock.systemUTC().hashCode(), utc.hashCode());
        assertEquals(utc, utc.withZone(ZoneOffset.UTC));
        assertEquals(ZoneId.of("Asia/Kolkata"), utc.withZone(ZoneId.of("Asia/Kolkata")).getZone());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(local);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(Clock.systemDefaultZone(), in.readObject(), "deserializes as the JDK's own clock");
        }
    }

    private static Object call(String name, Object... args) throws Exception {
        Class<?>[] types = new Class<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i] instanceof ZoneId ? ZoneId.class : args[i].getClass();
        }
        Method method = calls.getMethod(name, types);
        return method.invoke(null, args);
    }
}
