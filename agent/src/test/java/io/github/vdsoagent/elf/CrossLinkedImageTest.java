package io.github.vdsoagent.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vdsoagent.elf.CrossLinker.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Images for other architectures, byte orders and classes, linked like a vDSO by the cross binutils (see
 * {@link CrossLinker}); each is parsed from the file's bytes as if it were the mapping.
 */
class CrossLinkedImageTest {
    private static final Set<String> ARM64_FUNCTIONS = Set.of("__kernel_clock_gettime", "__kernel_gettimeofday",
            "__kernel_clock_getres", "__kernel_rt_sigreturn");
    /** AArch64 instructions are little-endian even in a big-endian image. */
    private static final byte[] ARM64_RET = {(byte) 0xc0, 0x03, 0x5f, (byte) 0xd6};
    /** mov x8, #139; svc #0 (rt_sigreturn). */
    private static final byte[] ARM64_SIGRETURN = {0x68, 0x11, (byte) 0x80, (byte) 0xd2, 0x01, 0x00, 0x00,
        (byte) 0xd4};

    private static Set<String> names(ElfImage image) {
        Set<String> names = new TreeSet<>();
        for (ElfSymbol s : image.functions()) {
            names.add(s.name());
        }
        return names;
    }

    private static byte[] code(byte[] bytes, ElfSymbol s) {
        return Arrays.copyOfRange(bytes, (int) s.offset(), (int) (s.offset() + s.size()));
    }

    /** The arm64 vDSO as kernels since 6.x ship it: DT_GNU_HASH and no DT_HASH. */
    @Test
    void arm64ImageWithOnlyGnuHash() throws Exception {
        byte[] bytes = CrossLinker.imageOrSkip(Target.AARCH64);
        ElfImage image = ElfImage.parse(bytes);

        assertEquals(64, image.elfClass());
        assertTrue(image.littleEndian());
        assertEquals(183, image.machine());
        assertEquals("aarch64", image.machineName());
        assertEquals("linux-vdso.so.1", image.soname());
        assertTrue(image.hasGnuHash());
        assertFalse(image.hasSysvHash(), "linked with --hash-style=gnu");
        assertEquals(0, image.loadOffset());
        assertEquals(ARM64_FUNCTIONS, names(image));
        for (ElfSymbol s : image.functions()) {
            assertEquals("LINUX_2.6.39", s.version(), s.toString());
            assertEquals("GLOBAL", s.binding(), s.toString());
            assertFalse(s.hiddenVersion(), s.toString());
            assertEquals(Optional.of(s), image.find(s.name(), "LINUX_2.6.39"));
            assertEquals(Optional.of(s), image.find(s.name(), null));
        }

        ElfSymbol gettime = image.find("__kernel_clock_gettime", "LINUX_2.6.39").orElseThrow();
        assertArrayEquals(ARM64_RET, code(bytes, gettime), "offset() points at the function's code");
        ElfSymbol sigreturn = image.find("__kernel_rt_sigreturn", "LINUX_2.6.39").orElseThrow();
        assertArrayEquals(ARM64_SIGRETURN, code(bytes, sigreturn));

        assertEquals(Optional.empty(), image.find("__kernel_clock_gettime", "LINUX_2.6"), "wrong version");
        assertEquals(Optional.empty(), image.find("__vdso_clock_gettime", null), "x86's name");
        assertEquals(Optional.empty(), image.find("LINUX_2.6.39", null), "the version's own ABS symbol is no function");
    }

    @Test
    void bigEndianArm64Image() throws Exception {
        byte[] bytes = CrossLinker.imageOrSkip(Target.AARCH64_BE);
        ElfImage image = ElfImage.parse(bytes);

        assertEquals(64, image.elfClass());
        assertFalse(image.littleEndian());
        assertEquals("aarch64", image.machineName());
        assertEquals("linux-vdso.so.1", image.soname());
        assertEquals(ARM64_FUNCTIONS, names(image));
        ElfSymbol gettime = image.find("__kernel_clock_gettime", "LINUX_2.6.39").orElseThrow();
        assertArrayEquals(ARM64_RET, code(bytes, gettime));
    }

    /** ELFCLASS32 and big-endian at once, with both hash tables (the GNU bloom filter has 4-byte words here). */
    @Test
    void bigEndian32BitImage() throws Exception {
        byte[] bytes = CrossLinker.imageOrSkip(Target.AARCH64_ILP32_BE);
        ElfImage image = ElfImage.parse(bytes);

        assertEquals(32, image.elfClass());
        assertFalse(image.littleEndian());
        assertEquals(183, image.machine());
        assertTrue(image.hasGnuHash());
        assertTrue(image.hasSysvHash());
        assertEquals(ARM64_FUNCTIONS, names(image));
        ElfSymbol gettime = image.find("__kernel_clock_gettime", "LINUX_2.6.39").orElseThrow();
        assertArrayEquals(ARM64_RET, code(bytes, gettime));
    }

    /** DT_HASH only: the symbol count comes from nchain and lookups walk the System V chains. */
    @Test
    void riscv64ImageWithOnlySysvHash() throws Exception {
        ElfImage image = ElfImage.parse(CrossLinker.imageOrSkip(Target.RISCV64));

        assertEquals(64, image.elfClass());
        assertTrue(image.littleEndian());
        assertEquals(243, image.machine());
        assertEquals("riscv64", image.machineName());
        assertFalse(image.hasGnuHash(), "linked with --hash-style=sysv");
        assertTrue(image.hasSysvHash());
        assertEquals(Set.of("__vdso_rt_sigreturn", "__vdso_clock_gettime", "__vdso_gettimeofday",
                "__vdso_clock_getres", "__vdso_getcpu", "__vdso_flush_icache"), names(image));
        ElfSymbol gettime = image.find("__vdso_clock_gettime", "LINUX_4.15").orElseThrow();
        assertEquals("GLOBAL", gettime.binding());
        assertEquals(4, gettime.size(), "a compressed-less ret");
    }

    /** Two versions, a weak alias, and one name defined twice: name@@LINUX_2.6 (default) and name@LINUX_2.5. */
    @Test
    void i386ImageWithSeveralVersions() throws Exception {
        ElfImage image = ElfImage.parse(CrossLinker.imageOrSkip(Target.I386));

        assertEquals(32, image.elfClass());
        assertTrue(image.littleEndian());
        assertEquals(3, image.machine());
        assertEquals("i386", image.machineName());
        assertEquals("LINUX_2.5", image.find("__kernel_vsyscall", null).orElseThrow().version());
        assertEquals("LINUX_2.6", image.find("__vdso_clock_gettime", null).orElseThrow().version());

        ElfSymbol current = image.find("__vdso_time", "LINUX_2.6").orElseThrow();
        ElfSymbol old = image.find("__vdso_time", "LINUX_2.5").orElseThrow();
        assertFalse(current.hiddenVersion());
        assertTrue(old.hiddenVersion());
        assertTrue(current.value() != old.value(), "two definitions");
        assertEquals(current, image.find("__vdso_time", null).orElseThrow(), "no version asked: the default one");

        ElfSymbol alias = image.find("time", "LINUX_2.6").orElseThrow();
        assertEquals("WEAK", alias.binding());
        assertEquals(current.value(), alias.value());

        List<String> timeVersions = new ArrayList<>();
        for (ElfSymbol s : image.functions()) {
            if (s.name().equals("__vdso_time")) {
                timeVersions.add(s.version());
            }
        }
        assertEquals(2, timeVersions.size(), "functions() lists both definitions");
    }

    /** s390x's DT_HASH has 8-byte entries; reading 4-byte ones would give a wrong count and wrong chains. */
    @Test
    void s390xImageWithWideSysvHash() throws Exception {
        ElfImage image = ElfImage.parse(CrossLinker.imageOrSkip(Target.S390X));

        assertEquals(64, image.elfClass());
        assertFalse(image.littleEndian());
        assertEquals("s390x", image.machineName());
        assertEquals(Set.of("__kernel_clock_gettime", "__kernel_gettimeofday", "__kernel_clock_getres",
                "__kernel_getcpu"), names(image));
        for (ElfSymbol s : image.functions()) {
            assertEquals(Optional.of(s), image.find(s.name(), "LINUX_2.6.29", image.sysvHash()), s.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void functionsMatchReadelf(Target target) throws Exception {
        byte[] bytes = CrossLinker.imageOrSkip(target);
        Optional<String> missing = Readelf.missing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "cannot cross-check with readelf: " + missing.get());
        List<String> expected = Readelf.functions(bytes);
        assertFalse(expected.isEmpty(), "readelf lists the image's functions");
        assertEquals(expected, Readelf.describeAll(ElfImage.parse(bytes).functions()));
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void everyFunctionIsFoundThroughEachHashTable(Target target) throws Exception {
        ElfImage image = ElfImage.parse(CrossLinker.imageOrSkip(target));
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
}
