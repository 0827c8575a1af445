package io.github.vdsoagent.boot;

import java.time.LocalDate;

/**
 * The {@code LocalDate} of the epoch day last asked for, shared by the calls that fall on it: computing a date
 * from an epoch day is most of what {@code LocalDateTime.now()} costs besides reading the clock, and the day
 * changes once a day. {@code LocalDate} is immutable and value-based, so sharing one is invisible to callers.
 */
final class Today {
    private static volatile Today last;

    private final long epochDay;
    private final LocalDate date;

    private Today(long epochDay, LocalDate date) {
        this.epochDay = epochDay;
        this.date = date;
    }

    static LocalDate date(long epochDay) {
        Today known = last;
        if (known != null && known.epochDay == epochDay) {
            return known.date;
        }
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        last = new Today(epochDay, date);
        return date;
    }
}
