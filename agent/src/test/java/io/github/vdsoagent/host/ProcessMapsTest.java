package io.github.vdsoagent.host;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessMapsTest {

    @Test
    void keepsOnlyTheKernelsSpecialMappings() {
        String maps = String.join("\n",
                "55d0c0a00000-55d0c0a01000 r--p 00000000 fd:01 123   /usr/bin/java",
                "7f4d6f9bc000-7f4d6f9c0000 r--p 00000000 00:00 0                          [vvar]",
                "7f4d6f9c0000-7f4d6f9c2000 r--p 00000000 00:00 0                          [vvar_vclock]",
                "7f4d6f9c2000-7f4d6f9c4000 r-xp 00000000 00:00 0                          [vdso]",
                "7ffd2d3e1000-7ffd2d402000 rw-p 00000000 00:00 0                          [stack]",
                "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]",
                "garbage line",
                "");
        ProcessMaps parsed = ProcessMaps.parse(maps);
        assertEquals(List.of("[vvar]", "[vvar_vclock]", "[vdso]"),
                parsed.entries().stream().map(MapEntry::name).collect(Collectors.toList()));
        MapEntry vdso = parsed.vdso().orElseThrow();
        assertEquals(0x7f4d6f9c2000L, vdso.start());
        assertEquals(8192, vdso.size());
        assertTrue(vdso.contains(0x7f4d6f9c2af0L));
        assertTrue(!vdso.contains(0x7f4d6f9c4000L), "end is exclusive");
    }

    @Test
    void aMappedFileWhoseNameEndsInTheSpecialNameIsNotTakenForIt() {
        ProcessMaps parsed = ProcessMaps.parse(
                "7f0000000000-7f0000002000 r-xp 00000000 fd:01 4242 /tmp/odd [vdso]\n"
                        + "7f4d6f9c2000-7f4d6f9c4000 r-xp 00000000 00:00 0 [vdso]\r\n"
                        + "7f4d6f9c4000-7f4d6f9c6000 r-xp 00000000 00:00 0\t[vdso]   \n"
                        + "zz-7f4d6f9c8000 r-xp 00000000 00:00 0 [vdso]\n");
        assertEquals(List.of(0x7f4d6f9c2000L, 0x7f4d6f9c4000L),
                parsed.entries().stream().map(MapEntry::start).collect(Collectors.toList()));
    }

    @Test
    void olderKernelsHaveNoVvarVclock() {
        ProcessMaps parsed = ProcessMaps.parse("7ffc1000-7ffc3000 r--p 00000000 00:00 0 [vvar]\n"
                + "7ffc3000-7ffc5000 r-xp 00000000 00:00 0 [vdso]\n");
        assertEquals(2, parsed.entries().size());
    }

    @Test
    void thisProcessAndAnotherHaveAVdso() throws Exception {
        MapEntry own = ProcessMaps.ofSelf().vdso().orElseThrow();
        assertEquals("r-xp", own.perms());
        Process sleeper = new ProcessBuilder("sleep", "10").start();
        try {
            assertTrue(ProcessMaps.ofPid(sleeper.pid()).vdso().isPresent());
        } finally {
            sleeper.destroy();
        }
    }
}
