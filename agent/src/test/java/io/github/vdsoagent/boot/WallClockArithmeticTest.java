package io.github.vdsoagent.boot;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stub's own wall-clock arithmetic (a date shared per day, the default zone cached per JDK default object)
 * gives exactly what the JDK gives: same local date-time for every instant and zone, same zone after every
 * change of the default.
 */
class WallClockArithmeticTest {
    private static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, ZoneId.of("America/St_Johns"),
            ZoneId.of("Europe/Berlin"), ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Pacific/Kiritimati"),
            ZoneId.of("Pacific/Apia"), ZoneOffset.ofHours(-12), ZoneId.of("Asia/Kathmandu"));

    @Test
    void localDateTimeIsTheJdksForEveryInstantAndZone() {
        List<Instant> instants = new ArrayList<>();
        Random random = new Random(20261127L);
        for (int i = 0; i < 20_000; i++) { // ±300 years around 1970, nanosecond precision
            instants.add(Instant.ofEpochSecond(random.nextLong() % (300L * 365 * 86_400), random.nextInt(1_000_000_000)));
        }
        for (ZoneId zone : ZONES) { // either side of every transition, 1970-2040, and of midnight
            ZoneOffsetTransition t = zone.getRules().nextTransition(Instant.EPOCH);
            for (; t != null && t.getInstant().getEpochSecond() < 2_200_000_000L; t = zone.getRules().nextTransition(t.getInstant())) {
                for (long delta : new long[]{-86_400, -1, 0, 1, 86_400}) {
                    instants.add(t.getInstant().plusSeconds(delta).plusNanos(999_999_999));
                }
            }
            long midnight = LocalDateTime.of(2026, 11, 27, 0, 0).atZone(zone).toEpochSecond();
            instants.add(Instant.ofEpochSecond(midnight - 1, 999_999_999));
            instants.add(Instant.ofEpochSecond(midnight));
        }
        instants.add(Instant.ofEpochSecond(-1, 999_999_999));
        assertTrue(instants.size() > 21_000, "transitions found: " + (instants.size() - 20_001));
        for (Instant instant : instants) {
            for (ZoneId zone : ZONES) { // zones alternate, so the shared date changes between calls
                assertEquals(LocalDateTime.ofInstant(instant, zone), ClockStub.localDateTime(instant, zone),
                        instant + " in " + zone);
            }
        }
    }

    @Test
    void theDefaultZoneFollowsEveryChangeOfTheJdksDefault() {
        assertTrue(DefaultZone.cachesTheZone(), "the test JVM opens java.util as the agent does (see the pom)");
        TimeZone saved = TimeZone.getDefault();
        try {
            for (String id : new String[]{"Asia/Tokyo", "America/St_Johns", "Asia/Tokyo", "UTC", "GMT+05:30"}) {
                TimeZone.setDefault(TimeZone.getTimeZone(id));
                for (int i = 0; i < 3; i++) {
                    assertEquals(ZoneId.systemDefault(), DefaultZone.get(), id);
                }
            }
            TimeZone.setDefault(null); // back to the JVM's own idea of the default
            assertEquals(ZoneId.systemDefault(), DefaultZone.get());
            TimeZone changed = TimeZone.getDefault(); // a copy: changing it must not change the default
            changed.setID("Europe/Berlin");
            assertEquals(ZoneId.systemDefault(), DefaultZone.get());
        } finally {
            TimeZone.setDefault(saved);
        }
        assertEquals(ZoneId.systemDefault(), DefaultZone.get());
    }
}
