package io.github.vdsoagent.vdso;

import com.sun.jna.Pointer;
import io.github.vdsoagent.host.Auxv;
import io.github.vdsoagent.host.MapEntry;

import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * Where the vDSO image is and how its bytes are read: through JNA (getauxval and a direct memory read) when the
 * agent may call native code, otherwise from /proc/self/auxv and /proc/self/mem, which need no native code at all.
 * Either way only the [vdso] mapping's own range is read, so no read can fault.
 */
enum VdsoMemory {
    JNA("getauxval(AT_SYSINFO_EHDR) via JNA") {
        @Override
        long base() {
            return Libc.INSTANCE.getauxval(Auxv.AT_SYSINFO_EHDR);
        }

        @Override
        byte[] read(MapEntry mapping) {
            return new Pointer(mapping.start()).getByteArray(0, (int) mapping.size());
        }
    },
    PROC("/proc/self/auxv and /proc/self/mem") {
        @Override
        long base() throws IOException {
            return Auxv.get(Auxv.AT_SYSINFO_EHDR);
        }

        @Override
        byte[] read(MapEntry mapping) throws IOException {
            byte[] image = new byte[(int) mapping.size()];
            try (RandomAccessFile mem = new RandomAccessFile("/proc/self/mem", "r")) {
                mem.seek(mapping.start());
                mem.readFully(image);
            }
            return image;
        }
    };

    private final String description;

    VdsoMemory(String description) {
        this.description = description;
    }

    /** AT_SYSINFO_EHDR: the address of the vDSO's ELF header, or 0 if the kernel gave the process none. */
    abstract long base() throws IOException;

    /** The whole mapping's bytes. */
    abstract byte[] read(MapEntry mapping) throws IOException;

    String description() {
        return description;
    }
}
