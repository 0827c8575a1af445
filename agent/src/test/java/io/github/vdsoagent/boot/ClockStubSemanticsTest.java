package io.github.vdsoagent.boot;

import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.fixtures.TimeCalls;
import io.github.vdsoagent.instrument.ClassFilter;
import io.github.vdsoagent.instrument.TimeCallTransformer;
import io.github.vdsoagent.testing.Backends;
import io.github.vdsoagent.testing.Rewritten;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rewritten call returns what the JDK's call returns: the same clock (checked by bracketing the stub's value
 * between two JDK calls), the same zone and offset, the same precision, monotonic nanoTime, the JDK's answers for
 * beans that are not the JVM's own. For each path the stub can take.
 */
class ClockStubSemanticsTest {
    private static final ZoneId ELSEWHERE = ZoneId.of("Asia/Kolkata"); // +05:30: a zone no default would be
    private static Class<?> calls;
    private static TimeZone savedDefault;

    @BeforeAll
    static void rewriteFixture() {
        byte[] rewritten = new TimeCallTransformer(new ClassFilter(List.of(), List.of()), new SiteRegistry(), null, null,
                ClockStub.class).transform(null, null, TimeCalls.class.getName().replace('.', '/'), null, null,
                Rewritten.bytesOf(TimeCalls.class));
        calls = Rewritten.define(TimeCalls.class.getName(), rewritten);
        savedDefault = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns")); // -03:30 or -02:30: a default that is not UTC
    }

    @AfterAll
    static void restoreZone() {
        TimeZone.setDefault(savedDefault);
    }

    @AfterEach
    void backToTheJvm() throws Exception {
        Backends.reset();
    }

    @ParameterizedTest
    @ValueSource(ints = {ClockBackend.JVM, ClockBackend.VDSO, ClockBackend.SYSCALL, ClockBackend.FFM})
    void wallClockValuesFallBetweenTwoJdkReads(int mode) throws Exception {
        Backends.use(mode);
        for (int i = 0; i < 200; i++) {
            long before = System.currentTimeMillis();
            long millis = (long) call("currentTimeMillis");
            Date date = (Date) call("newDate");
            long after = System.currentTimeMillis();
            assertBetween(before, millis, after);
            assertBetween(before, date.getTime(), after);

            Instant from = Instant.now();
            Instant instant = (Instant) call("instantNow");
            Instant to = Instant.now();
            assertTrue(!instant.isBefore(from) && !instant.isAfter(to), from + " <= " + instant + " <= " + to);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {ClockBackend.JVM, ClockBackend.VDSO, ClockBackend.SYSCALL, ClockBackend.FFM})
    void nanoTimeSharesTheJvmsEpochAndNeverRunsBackwards(int mode) throws Exception {
        Backends.use(mode);
        long last = Long.MIN_VALUE;
        for (int i = 0; i < 20_000; i++) {
            long jvm = System.nanoTime();
            long stub = (long) call("nanoTime");
            assertTrue(stub >= jvm && stub >= last, "stub " + stub + " after jvm " + jvm + " and last " + last);
            last = stub;
        }
        assertTrue(System.nanoTime() >= last);
    }

    @ParameterizedTest
    @ValueSource(ints = {ClockBackend.JVM, ClockBackend.VDSO, ClockBackend.FFM})
    void instantsHaveTheJdksPrecision(int mode) throws Exception {
        Backends.use(mode);
        boolean jdkSubMicro = false;
        boolean stubSubMicro = false;
        for (int i = 0; i < 1000 && !(jdkSubMicro && stubSubMicro); i++) {
            jdkSubMicro |= Instant.now().getNano() % 1000 != 0;
            stubSubMicro |= ((Instant) call("instantNow")).getNano() % 1000 != 0;
        }
        assertEquals(jdkSubMicro, stubSubMicro, "nanosecond digits in the JDK's instants and in the stub's");
    }

    @ParameterizedTest
    @ValueSource(ints = {ClockBackend.JVM, ClockBackend.VDSO, ClockBackend.FFM})
    void javaTimeFactoriesUseTheDefaultZoneOrTheGivenOne(int mode) throws Exception {
        Backends.use(mode);
        ZoneId local = ZoneId.systemDefault();
        assertEquals(local, ((ZonedDateTime) call("zonedDateTime")).getZone());
        assertEquals(ELSEWHERE, ((ZonedDateTime) call("zonedDateTime", ELSEWHERE)).getZone());
        assertEquals(ZonedDateTime.now(ELSEWHERE).getOffset(), ((OffsetDateTime) call("offsetDateTime", ELSEWHERE)).getOffset());
        assertEquals(OffsetTime.now().getOffset(), ((OffsetTime) call("offsetTime")).getOffset());

        LocalDateTime before = LocalDateTime.now(ELSEWHERE);
        LocalDateTime inZone = (LocalDateTime) call("localDateTime", ELSEWHERE);
        LocalDateTime after = LocalDateTime.now(ELSEWHERE);
        assertTrue(!inZone.isBefore(before) && !inZone.isAfter(after), before + " <= " + inZone + " <= " + after);

        LocalDateTime localBefore = LocalDateTime.now();
        LocalDateTime localStub = (LocalDateTime) call("localDateTime");
        LocalDateTime localAfter = LocalDateTime.now();
        assertTrue(!localStub.isBefore(localBefore) && !localStub.isAfter(localAfter));

        LocalTime timeBefore = LocalTime.now(ELSEWHERE);
        LocalTime time = (LocalTime) call("localTime", ELSEWHERE);
        assertTrue(Math.abs(time.toNanoOfDay() - timeBefore.toNanoOfDay()) < 1_000_000_000L, timeBefore + " ~ " + time);
        assertTrue(Math.abs(((LocalTime) call("localTime")).toSecondOfDay() - LocalTime.now().toSecondOfDay()) <= 1);
        assertTrue(List.of(LocalDate.now(ELSEWHERE), LocalDate.now(ELSEWHERE).plusDays(1)).contains(call("localDate", ELSEWHERE)));
        assertTrue(List.of(LocalDate.now(), LocalDate.now().plusDays(1)).contains(call("localDate")));
        assertEquals(OffsetDateTime.now().getOffset(), ((OffsetDateTime) call("offsetDateTime")).getOffset());
        assertEquals(OffsetTime.now(ELSEWHERE).getOffset(), ((OffsetTime) call("offsetTime", ELSEWHERE)).getOffset());
    }

    @Test
    void aNullZoneFailsAsTheJdkFails() {
        NullPointerException jdk = assertThrows(NullPointerException.class, () -> ZonedDateTime.now((ZoneId) null));
        InvocationTargetException stub = assertThrows(InvocationTargetException.class,
                () -> method("zonedDateTime", ZoneId.class).invoke(null, (Object) null));
        assertInstanceOf(NullPointerException.class, stub.getCause());
        assertEquals(jdk.getMessage(), stub.getCause().getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {ClockBackend.JVM, ClockBackend.VDSO, ClockBackend.FFM})
    void systemClocksBehaveAsTheJdksOwn(int mode) throws Exception {
        Backends.use(mode);
        Clock utc = (Clock) call("systemUTC");
        Clock local = (Clock) call("systemDefaultZone");
        assertEquals(ZoneOffset.UTC, utc.getZone());
        assertEquals(ZoneId.systemDefault(), local.getZone());
        assertEquals(Clock.systemUTC().toString(), utc.toString());
        assertEquals(Clock.systemUTC().hashCode(), utc.hashCode());
        assertEquals(ELSEWHERE, utc.withZone(ELSEWHERE).getZone());
        assertNotSame(utc, utc.withZone(ELSEWHERE));
        long before = System.currentTimeMillis();
        long millis = utc.millis();
        Instant instant = local.instant();
        long after = System.currentTimeMillis();
        assertBetween(before, millis, after);
        assertBetween(before, instant.toEpochMilli(), after);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(local);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(Clock.systemDefaultZone(), in.readObject(), "deserializes as the JDK's own clock");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {ClockBackend.JVM, ClockBackend.VDSO, ClockBackend.SYSCALL, ClockBackend.FFM})
    void threadCpuTimeIsTheThreadsOwnClock(int mode) throws Exception {
        Backends.use(mode);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 100; i++) {
            long before = bean.getCurrentThreadCpuTime();
            long stub = (long) call("threadCpuTime", bean);
            long after = bean.getCurrentThreadCpuTime();
            assertBetween(before, stub, after);
            long userBefore = bean.getCurrentThreadUserTime();
            long user = (long) call("threadUserTime", bean);
            assertBetween(userBefore, user, bean.getCurrentThreadUserTime());
        }
    }

    @Test
    void disabledCpuTimeIsMinusOneAsInTheJdk() throws Exception {
        Backends.use(ClockBackend.VDSO);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        bean.setThreadCpuTimeEnabled(false);
        try {
            assertEquals(bean.getCurrentThreadCpuTime(), (long) call("threadCpuTime", bean));
            assertEquals(-1L, (long) call("threadCpuTime", bean));
        } finally {
            bean.setThreadCpuTimeEnabled(true);
        }
    }

    @Test
    void aBeanThatIsNotTheJvmsKeepsItsOwnAnswers() throws Exception {
        Backends.use(ClockBackend.VDSO);
        ThreadMXBean fake = (ThreadMXBean) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ThreadMXBean.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "getCurrentThreadCpuTime":
                            return 42L;
                        case "getCurrentThreadUserTime":
                            return 7L;
                        default:
                            return m.getReturnType() == boolean.class ? Boolean.TRUE : null;
                    }
                });
        assertEquals(42L, (long) call("threadCpuTime", fake));
        assertEquals(7L, (long) call("threadUserTime", fake));
        InvocationTargetException npe = assertThrows(InvocationTargetException.class,
                () -> method("threadCpuTime", ThreadMXBean.class).invoke(null, (Object) null));
        assertInstanceOf(NullPointerException.class, npe.getCause());
    }

    @Test
    void theFixtureReallyWasRewritten() {
        assertNotEquals(TimeCalls.class, calls, "the tests call the rewritten copy, not the original");
        assertTrue(calls.getClassLoader().getName().startsWith("rewritten-"));
    }

    private static Object call(String name, Object... args) throws Exception {
        Class<?>[] types = new Class<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i] instanceof ZoneId ? ZoneId.class : args[i] instanceof ThreadMXBean ? ThreadMXBean.class : args[i].getClass();
        }
        return method(name, types).invoke(null, args);
    }

    private static Method method(String name, Class<?>... types) throws NoSuchMethodException {
        return calls.getMethod(name, types);
    }

    private static void assertBetween(long low, long value, long high) {
        assertTrue(low <= value && value <= high, low + " <= " + value + " <= " + high);
    }
}
