package io.github.vdsoagent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a class file from a stream only as far as the end of its constant pool, which is all that
 * {@link ConstantPoolScanner#mayCallTimeApi} looks at. At attach, the prescan of thousands of classes spends most of
 * its time inflating them from their jars, and the pool ends about three quarters of the way into a class file
 * (73% of 17.5 MB in Guava's and ByteBuddy's classes, measured): the rest is never inflated.
 */
final class ConstantPoolPrefix {
    /** Read at most this much at a time, so that little beyond the pool's end is inflated. */
    private static final int STEP = 1024;
    /** Magic, minor and major version, constant_pool_count. */
    private static final int HEADER = 10;
    /** The most an entry's header needs to tell its size: a tag and a Utf8 length. */
    private static final int ENTRY_HEADER = 3;

    private ConstantPoolPrefix() {
    }

    /**
     * The bytes of {@code in} through the end of the constant pool; fewer if the stream ends first or holds what
     * is not a class file (the scanner then decides, as for any class file it cannot read).
     */
    static byte[] read(InputStream in) throws IOException {
        byte[] b = new byte[4 * STEP];
        int length = 0;
        int count = -1;
        int index = 1;
        int pos = HEADER;
        while (true) {
            if (length == b.length) {
                b = Arrays.copyOf(b, b.length * 2);
            }
            int n = in.read(b, length, Math.min(STEP, b.length - length));
            if (n < 0) {
                return Arrays.copyOf(b, length);
            }
            length += n;
            if (count < 0 && length >= HEADER) {
                count = ClassFileBytes.u2(b, HEADER - 2);
            }
            while (count >= 0 && index < count && pos + ENTRY_HEADER <= length) {
                int size = ConstantPoolScanner.entrySize(b, pos);
                if (size < 0) {
                    return Arrays.copyOf(b, length);
                }
                if (pos + size > length) {
                    break;
                }
                index += ConstantPoolScanner.slots(b[pos]);
                pos += size;
            }
            if (count >= 0 && index >= count) {
                return Arrays.copyOf(b, pos);
            }
        }
    }
}
