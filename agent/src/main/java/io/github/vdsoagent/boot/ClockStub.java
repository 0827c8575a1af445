package io.github.vdsoagent.boot;

import java.lang.management.ThreadMXBean;
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
import java.util.Objects;

/**
 * What rewritten call sites call instead of the JDK's time APIs. Each method takes the original call's arguments
 * plus the call site's id, counts the call at that site, and returns exactly what the JDK would: the same clock
 * (CLOCK_MONOTONIC for nanoTime, CLOCK_REALTIME for wall time, the thread's CPU clock), the same zone rules,
 * the same precision. Only the path to the clock changes, and whenever that path cannot answer, the JDK's own
 * call does.
 *
 * <p>Each method counts its call after reading the clock. The vDSO fences its read of the time-stamp counter, which
 * then waits for every earlier load to complete: counting first would add the latency of finding the thread's counts
 * to each read (1 to 2 ns on JDK 17, measured when that was a ThreadLocal lookup); counting after lets it overlap
 * with what the caller does next. The read goes through the counting ({@code CallCounter.counted}), so that compiled
 * code need not keep it on the stack meanwhile.
 */
public final class ClockStub {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;

    private ClockStub() {
    }

    public static long currentTimeMillis(int site) {
        return realtimeMillis(site);
    }

    public static long nanoTime(int site) {
        long nanos = ClockBackend.read(ClockBackend.CLOCK_MONOTONIC);
        if (nanos == ClockBackend.FALLBACK) {
            nanos = System.nanoTime();
        }
        return CallCounter.counted(site, nanos);
    }

    public static Instant instantNow(int site) {
        return realtimeInstant(site);
    }

    /** {@code new Date()} becomes {@code new Date(ClockStub.dateMillis(site))}: the constructor it calls. */
    public static long dateMillis(int site) {
        return realtimeMillis(site);
    }

    /** Obtaining a clock reads no time: its reads are counted at this site as they happen. */
    public static Clock systemUTC(int site) {
        return new CountingClock(ZoneOffset.UTC, site);
    }

    public static Clock systemDefaultZone(int site) {
        return new CountingClock(DefaultZone.get(), site);
    }

    public static LocalDate localDateNow(int site) {
        return LocalDate.ofInstant(realtimeInstant(site), DefaultZone.get());
    }

    public static LocalDate localDateNow(ZoneId zone, int site) {
        return LocalDate.ofInstant(realtimeInstant(site), Objects.requireNonNull(zone, "zone"));
    }

    public static LocalTime localTimeNow(int site) {
        return LocalTime.ofInstant(realtimeInstant(site), DefaultZone.get());
    }

    public static LocalTime localTimeNow(ZoneId zone, int site) {
        return LocalTime.ofInstant(realtimeInstant(site), Objects.requireNonNull(zone, "zone"));
    }

    public static LocalDateTime localDateTimeNow(int site) {
        return localDateTime(realtimeInstant(site), DefaultZone.get());
    }

    public static LocalDateTime localDateTimeNow(ZoneId zone, int site) {
        return localDateTime(realtimeInstant(site), Objects.requireNonNull(zone, "zone"));
    }

    public static ZonedDateTime zonedDateTimeNow(int site) {
        return ZonedDateTime.ofInstant(realtimeInstant(site), DefaultZone.get());
    }

    public static ZonedDateTime zonedDateTimeNow(ZoneId zone, int site) {
        return ZonedDateTime.ofInstant(realtimeInstant(site), Objects.requireNonNull(zone, "zone"));
    }

    public static OffsetDateTime offsetDateTimeNow(int site) {
        return OffsetDateTime.ofInstant(realtimeInstant(site), DefaultZone.get());
    }

    public static OffsetDateTime offsetDateTimeNow(ZoneId zone, int site) {
        return OffsetDateTime.ofInstant(realtimeInstant(site), Objects.requireNonNull(zone, "zone"));
    }

    public static OffsetTime offsetTimeNow(int site) {
        return OffsetTime.ofInstant(realtimeInstant(site), DefaultZone.get());
    }

    public static OffsetTime offsetTimeNow(ZoneId zone, int site) {
        return OffsetTime.ofInstant(realtimeInstant(site), Objects.requireNonNull(zone, "zone"));
    }

    public static long currentThreadCpuTime(ThreadMXBean bean, int site) {
        try {
            long nanos = ThreadCpuClock.canRead(bean)
                    ? ClockBackend.read(ClockBackend.CLOCK_THREAD_CPUTIME_ID)
                    : ClockBackend.FALLBACK;
            return nanos != ClockBackend.FALLBACK ? nanos : bean.getCurrentThreadCpuTime();
        } finally {
            CallCounter.count(site); // a call the JDK's bean refuses is still a call
        }
    }

    /**
     * User time has no clock_gettime clock with the JDK's values (it reads the thread's stat file in /proc), so
     * this API is counted and left to the JDK.
     */
    public static long currentThreadUserTime(ThreadMXBean bean, int site) {
        try {
            return bean.getCurrentThreadUserTime();
        } finally {
            CallCounter.count(site);
        }
    }

    static long realtimeMillis(int site) {
        long millis = ClockBackend.readMillis(ClockBackend.CLOCK_REALTIME);
        if (millis == ClockBackend.FALLBACK) {
            millis = System.currentTimeMillis();
        }
        return CallCounter.counted(site, millis);
    }

    /** {@code LocalDateTime.ofInstant(instant, zone)}, with the date shared by the calls of one day (see Today). */
    static LocalDateTime localDateTime(Instant instant, ZoneId zone) {
        ZoneOffset offset = zone.getRules().getOffset(instant);
        long localSecond = instant.getEpochSecond() + offset.getTotalSeconds();
        long secondOfDay = Math.floorMod(localSecond, SECONDS_PER_DAY);
        return LocalDateTime.of(Today.date(Math.floorDiv(localSecond, SECONDS_PER_DAY)),
                LocalTime.ofNanoOfDay(secondOfDay * NANOS_PER_SECOND + instant.getNano()));
    }

    static Instant realtimeInstant(int site) {
        long packed = ClockBackend.readSecondsNanos(ClockBackend.CLOCK_REALTIME);
        if (packed == ClockBackend.FALLBACK) {
            Instant now = Instant.now();
            CallCounter.count(site);
            return now;
        }
        packed = CallCounter.counted(site, packed);
        return Instant.ofEpochSecond(packed >>> ClockBackend.NANOS_BITS, packed & ClockBackend.NANOS_MASK);
    }
}
