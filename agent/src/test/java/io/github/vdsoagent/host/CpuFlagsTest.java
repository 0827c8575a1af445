package io.github.vdsoagent.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuFlagsTest {

    @Test
    void readsTheFirstCpusFlags(@TempDir Path dir) throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu vme tsc constant_tsc"
                + " nonstop_tsc rdtscp\n\nprocessor\t: 1\nflags\t\t: fpu\n");
        CpuFlags flags = CpuFlags.read(cpuinfo);
        assertTrue(flags.known());
        assertTrue(flags.has("constant_tsc") && flags.has("nonstop_tsc") && flags.has("rdtscp"));
        assertFalse(flags.has("vdso"));
    }

    @Test
    void noFlagsLineOrNoFileIsUnknown(@TempDir Path dir) throws Exception {
        Path arm = dir.resolve("cpuinfo");
        Files.writeString(arm, "processor\t: 0\nFeatures\t: fp asimd evtstrm\n");
        assertFalse(CpuFlags.read(arm).known());
        assertFalse(CpuFlags.read(dir.resolve("missing")).known());
    }
}
