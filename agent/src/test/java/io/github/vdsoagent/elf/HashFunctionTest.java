package io.github.vdsoagent.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two symbol hash functions against known values, so that a wrong hash shows up here by name rather than
 * only as a lookup that finds nothing. (The lookup tests on linker-built images check them against ld.)
 */
class HashFunctionTest {
    @ParameterizedTest
    @CsvSource({
        "'', 0x00000000, 0x00001505",
        "printf, 0x077905a6, 0x156b2bb8",
        "exit, 0x0006cf04, 0x7c967e3f",
        "syscall, 0x0b09985c, 0xbac212a0",
        "flapenguin.me, 0x03987915, 0x8ae9f18e",
        "__vdso_clock_gettime, 0x0d35ec75, 0x6e43a318",
    })
    void knownValues(String name, String sysv, String gnu) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        assertEquals(Long.decode(sysv), SysvHash.hash(bytes), "ELF hash of " + name);
        assertEquals(Long.decode(gnu).intValue(), GnuHash.hash(bytes), "GNU hash of " + name);
    }
}
