package io.github.vdsoagent.boot;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a rewritten {@code Clock.systemUTC()} or {@code Clock.systemDefaultZone()} returns: the JDK's system clock
 * in behaviour (same zone, same values, same string form, serialized as the JDK's own), with every read counted at
 * the call site that obtained it and served through the stub.
 */
final class CountingClock extends Clock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ZoneId zone;
    private final int site;

    CountingClock(ZoneId zone, int site) {
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
        return new CountingClock(newZone, site);
    }

    @Override
    public long millis() {
        return ClockStub.realtimeMillis(site);
    }

    @Override
    public Instant instant() {
        return ClockStub.realtimeInstant(site);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof CountingClock && zone.equals(((CountingClock) obj).zone);
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
