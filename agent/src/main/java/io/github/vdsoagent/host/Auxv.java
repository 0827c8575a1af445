package io.github.vdsoagent.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * The process's auxiliary vector as /proc/self/auxv gives it: the pure-Java way to what getauxval() returns,
 * for when native calls are not allowed (JDK 24+ without native access).
 */
public final class Auxv {
    /** The vDSO's ELF header. */
    public static final long AT_SYSINFO_EHDR = 33;
    private static final long AT_NULL = 0;

    private Auxv() {
    }

    /** The value of an entry, or 0 when absent (as getauxval answers). Assumes a 64-bit process. */
    public static long get(long type) throws IOException {
        ByteBuffer auxv = ByteBuffer.wrap(Files.readAllBytes(Paths.get("/proc/self/auxv"))).order(ByteOrder.nativeOrder());
        while (auxv.remaining() >= 16) {
            long key = auxv.getLong();
            long value = auxv.getLong();
            if (key == AT_NULL) {
                break;
            }
            if (key == type) {
                return value;
            }
        }
        return 0;
    }
}
