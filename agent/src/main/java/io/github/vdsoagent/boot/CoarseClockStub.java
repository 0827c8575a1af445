package io.github.vdsoagent.boot;

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * What call sites named by {@code coarse=} call instead of {@link ClockStub}'s methods: the same names, arguments and
 * results, but read from the coarse clocks (CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE), which the vDSO answers
 * from the time the kernel stored at its last tick, with no hardware counter read and never a system call. A
 * value lags the precise clock by at most one tick (clock_getres of the coarse clock). A class of its own, so that
 * ClockStub's hot path, which every other site takes, stays exactly as it was.
 *
 * <p>Until the agent's set-up has switched the stub to a native path (and with {@code clock=jvm}), the coarse clocks
 * cannot be read and these methods answer with the JVM's precise calls. The first coarse value after the switch may
 * then lag one of those precise values by up to a tick: each kind of read keeps the newest precise value it handed
 * out as a floor, and a coarse value below it (by less than {@link #FLOOR_REACH_NANOS}) is lifted to it, so that a
 * site's values never go backwards. In steady state that costs one load and one comparison.
 */
public final class CoarseClockStub {
    static final int CLOCK_REALTIME_COARSE = 5;
    static final int CLOCK_MONOTONIC_COARSE = 6;
    /**
     * A coarse value further below its floor than this is not lifted: the wall clock was set back (a precise read
     * would go back too), and lifting it would hold the clock still until real time caught up. A second is 250
     * ticks at the kernel's usual 250 Hz, far more than any lag.
     */
    static final long FLOOR_REACH_NANOS = 1_000_000_000L;
    private static final long FLOOR_REACH_MILLIS = FLOOR_REACH_NANOS / 1_000_000L;
    /** A second in {@link ClockBackend#readSecondsNanos}'s packed form, where one second is 2^30 units. */
    private static final long FLOOR_REACH_PACKED = 1L << ClockBackend.NANOS_BITS;

    /** The newest precise value each kind of read handed out: milliseconds, packed Instants, monotonic nanos. */
    private static final AtomicLong MILLIS_FLOOR = new AtomicLong(Long.MIN_VALUE);
    private static final AtomicLong PACKED_FLOOR = new AtomicLong(Long.MIN_VALUE);
    private static final AtomicLong NANOS_FLOOR = new AtomicLong(Long.MIN_VALUE);

    private CoarseClockStub() {
    }

    public static long currentTimeMillis(int site) {
        return realtimeMillis(site);
    }

    /** Durations shorter than a tick measure as 0 here: the report warns when {@code coarse=nanoTime} is given. */
    public static long nanoTime(int site) {
        long nanos = ClockBackend.read(CLOCK_MONOTONIC_COARSE);
        nanos = nanos != ClockBackend.FALLBACK ? lifted(NANOS_FLOOR, nanos, FLOOR_REACH_NANOS)
                : raised(NANOS_FLOOR, System.nanoTime());
        return CallCounter.counted(site, nanos);
    }

    public static Instant instantNow(int site) {
        return realtimeInstant(site);
    }

    public static long dateMillis(int site) {
        return realtimeMillis(site);
    }

    public static Clock systemUTC(int site) {
        return new CoarseCountingClock(ZoneOffset.UTC, site);
    }

    public static Clock systemDefaultZone(int site) {
        return new CoarseCountingClock(DefaultZone.get(), site);
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
        return ClockStub.localDateTime(realtimeInstant(site), DefaultZone.get());
    }

    public static LocalDateTime localDateTimeNow(ZoneId zone, int site) {
        return ClockStub.localDateTime(realtimeInstant(site), Objects.requireNonNull(zone, "zone"));
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

    static long realtimeMillis(int site) {
        long millis = ClockBackend.readMillis(CLOCK_REALTIME_COARSE);
        millis = millis != ClockBackend.FALLBACK ? lifted(MILLIS_FLOOR, millis, FLOOR_REACH_MILLIS)
                : raised(MILLIS_FLOOR, System.currentTimeMillis());
        return CallCounter.counted(site, millis);
    }

    static Instant realtimeInstant(int site) {
        long packed = ClockBackend.readSecondsNanos(CLOCK_REALTIME_COARSE);
        Instant now;
        if (packed != ClockBackend.FALLBACK) {
            packed = lifted(PACKED_FLOOR, packed, FLOOR_REACH_PACKED);
            now = Instant.ofEpochSecond(packed >>> ClockBackend.NANOS_BITS, packed & ClockBackend.NANOS_MASK);
        } else {
            now = Instant.now();
            if (now.getEpochSecond() >= 0) { // packed values start in 1970, as the helper's do
                raised(PACKED_FLOOR, now.getEpochSecond() << ClockBackend.NANOS_BITS | now.getNano());
            }
        }
        CallCounter.count(site);
        return now;
    }

    /** A coarse value, or the floor if the value lies below it by less than {@code reach}. */
    private static long lifted(AtomicLong floor, long coarse, long reach) {
        long lowest = floor.get();
        return coarse >= lowest || lowest - coarse > reach ? coarse : lowest;
    }

    /** Raises the floor to a precise value handed out; returns the value. */
    private static long raised(AtomicLong floor, long precise) {
        long lowest = floor.get();
        while (precise > lowest && !floor.compareAndSet(lowest, precise)) {
            lowest = floor.get();
        }
        return precise;
    }
}
