package io.github.vdsoagent.boot;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a {@code Clock.systemUTC()} or {@code Clock.systemDefaultZone()} site named by {@code coarse=} returns:
 * {@link CountingClock} reading the coarse clock. A class of its own rather than a flag in CountingClock, so that
 * the precise clock's reads test nothing more than before.
 */
final class CoarseCountingClock extends Clock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ZoneId zone;
    private final int site;

    CoarseCountingClock(ZoneId zone, int site) {
        this.zone = zone;
        this.site = site;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        if (newZone.equals(zone)) {
            return this;
        }
        return new CoarseCountingClock(newZone, site);
    }

    @Override
    public long millis() {
        return CoarseClockStub.realtimeMillis(site);
    }

    @Override
    public Instant instant() {
        return CoarseClockStub.realtimeInstant(site);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof CoarseCountingClock && zone.equals(((CoarseCountingClock) obj).zone);
    }

    @Override
    public int hashCode() {
        return zone.hashCode() + 1; // as the JDK's system clock
    }

    @Override
    public String toString() {
        return "SystemClock[" + zone + "]";
    }

    /** Deserializes as the JDK's own system clock: the reader may not have the agent. */
    private Object writeReplace() {
        return Clock.system(zone);
    }
}
