package io.github.vdsoagent.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vDSO this JVM runs with, read from /proc/self/mem: the image the agent will parse on a user's machine. */
class LiveVdsoTest {
    private static byte[] bytes;
    private static ElfImage image;

    @BeforeAll
    static void parse() throws Exception {
        bytes = LiveVdso.bytes();
        image = ElfImage.parse(bytes);
    }

    /** The e_machine name the vDSO of a JVM with this os.arch has, or null for an architecture not listed here. */
    private static String expectedMachine() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64":
            case "x86_64":
                return "x86_64";
            case "aarch64":
            case "riscv64":
            case "s390x":
            case "ppc64le":
                return arch;
            case "x86":
            case "i386":
                return "i386";
            default:
                return null;
        }
    }

    /** Name and version of clock_gettime's vDSO entry point on this architecture. */
    private static String[] clockGettime() {
        String machine = image.machineName();
        switch (machine) {
            case "x86_64":
            case "i386":
                return new String[] {"__vdso_clock_gettime", "LINUX_2.6"};
            case "aarch64":
                return new String[] {"__kernel_clock_gettime", "LINUX_2.6.39"};
            case "riscv64":
                return new String[] {"__vdso_clock_gettime", "LINUX_4.15"};
            default:
                Assumptions.abort("no expected clock_gettime symbol recorded for " + machine);
                return null;
        }
    }

    @Test
    void headerMatchesTheRunningJvm() {
        String expected = expectedMachine();
        Assumptions.assumeTrue(expected != null, "no e_machine recorded for os.arch " + System.getProperty("os.arch"));
        assertEquals(expected, image.machineName());
        assertEquals(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, image.littleEndian());
        assertEquals(Integer.parseInt(System.getProperty("sun.arch.data.model", "64")), image.elfClass());
        assertEquals("linux-vdso.so.1", image.soname());
    }

    @Test
    void clockGettimeIsFoundWithItsVersion() {
        String[] expected = clockGettime();
        Optional<ElfSymbol> found = image.find(expected[0], expected[1]);
        assertTrue(found.isPresent(), () -> expected[0] + "@" + expected[1] + " not found in " + image.functions());
        ElfSymbol s = found.get();
        assertEquals(expected[0], s.name());
        assertEquals(expected[1], s.version());
        assertEquals("GLOBAL", s.binding());
        assertFalse(s.hiddenVersion());
        assertTrue(s.size() > 0, "clock_gettime has code");
        assertEquals(s.value() - image.loadVaddr() + image.loadOffset(), s.offset());
        assertTrue(image.functions().contains(s));
        assertEquals(found, image.find(expected[0], null), "any version finds the one definition");
        assertEquals(Optional.empty(), image.find(expected[0], "LINUX_0.0"), "a version the image lacks");
        assertEquals(Optional.empty(), image.find(expected[0] + "_nonexistent", null));
    }

    @Test
    void weakAliasesAreListedWithTheirTargets() {
        Assumptions.assumeTrue(image.machineName().equals("x86_64"), "only x86_64's vDSO exports weak aliases");
        for (String name : List.of("clock_gettime", "gettimeofday", "time", "clock_getres")) {
            ElfSymbol alias = image.find(name, "LINUX_2.6").orElseThrow(() -> new AssertionError(name));
            ElfSymbol target = image.find("__vdso_" + name, "LINUX_2.6").orElseThrow(() -> new AssertionError(name));
            assertEquals("WEAK", alias.binding(), name);
            assertEquals(target.value(), alias.value(), name);
            assertEquals(target.size(), alias.size(), name);
            assertTrue(image.functions().contains(alias), name);
        }
    }

    @Test
    void functionsMatchReadelf() throws Exception {
        Optional<String> missing = Readelf.missing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "cannot cross-check with readelf: " + missing.get());
        List<String> expected = Readelf.functions(bytes);
        assertFalse(expected.isEmpty(), "readelf lists the vDSO's functions");
        assertEquals(expected, Readelf.describeAll(image.functions()));
    }

    @Test
    void everyFunctionIsFoundThroughEachHashTable() {
        assertFalse(image.functions().isEmpty());
        for (SymbolHash table : new SymbolHash[] {image.gnuHash(), image.sysvHash()}) {
            if (table == null) {
                continue;
            }
            for (ElfSymbol s : image.functions()) {
                assertEquals(Optional.of(s), image.find(s.name(), s.version(), table), s.toString());
            }
        }
    }

    @Test
    void everyOffsetLiesInTheLoadSegmentInsideTheImage() {
        for (ElfSymbol s : image.functions()) {
            assertTrue(s.offset() >= image.loadOffset() && s.offset() < image.loadOffset() + image.loadMemSize(),
                    s.toString());
            assertTrue(s.offset() + s.size() <= bytes.length, s.toString());
        }
    }

    @Test
    void resultDoesNotDependOnTheArrayAfterParsing() throws Exception {
        byte[] scratch = LiveVdso.bytes();
        ElfImage parsed = ElfImage.parse(scratch);
        assertTrue(Arrays.equals(bytes, scratch), "parse() leaves the array as it was");
        Arrays.fill(scratch, (byte) 0xff);
        assertEquals(image.functions(), parsed.functions());
        for (ElfSymbol s : image.functions()) {
            assertEquals(image.find(s.name(), s.version()), parsed.find(s.name(), s.version()));
        }
    }
}
