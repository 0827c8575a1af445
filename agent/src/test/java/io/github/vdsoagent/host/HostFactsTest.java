package io.github.vdsoagent.host;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostFactsTest {
    @Test
    void uptimeCountsFromTheProcessStartInTicks() {
        // field 22 (starttime) is 500 ticks; the command name holds spaces and a parenthesis
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 19 0 500 1000000 200 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
        assertEquals(12_340 - 5_000, HostFacts.uptimeMs(stat, "12.34 99.00\n"));
        assertEquals(7_000 - 5_000, HostFacts.uptimeMs(stat, "7.0 1.0\n"));
    }

    @Test
    void thisJvmsPidIsTheJdks() {
        assertEquals(ProcessHandle.current().pid(), HostFacts.pid());
        assertEquals(ProcessHandle.current().pid(), HostFacts.pid()); // and stays so once known
    }

    @Test
    void thisJvmsUptimeAgreesWithTheJdks() {
        long ours = HostFacts.uptimeMs();
        long jdks = Duration.between(ProcessHandle.current().info().startInstant().orElseThrow(), Instant.now())
                .toMillis();
        // the JDK's start instant goes through the boot time, which /proc gives to the second
        assertTrue(ours > 0 && Math.abs(ours - jdks) < 1_500, "ours " + ours + " ms, the JDK's " + jdks + " ms");
    }
}
