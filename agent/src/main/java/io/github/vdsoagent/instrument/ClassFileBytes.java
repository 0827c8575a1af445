package io.github.vdsoagent.instrument;

/** Big-endian reads from a class file, and its constant pool's strings. */
final class ClassFileBytes {
    private ClassFileBytes() {
    }

    static int u1(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    static int u2(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static int s2(byte[] b, int at) {
        return (short) u2(b, at);
    }

    static int u4(byte[] b, int at) {
        return (u2(b, at) << 16) | u2(b, at + 2);
    }

    /** The string of the CONSTANT_Utf8 entry at {@code at} (its tag byte), decoded from modified UTF-8. */
    static String utf8(byte[] b, int at) {
        int length = u2(b, at + 1);
        int pos = at + 3;
        int end = pos + length;
        char[] chars = new char[length];
        int n = 0;
        while (pos < end) {
            int c = b[pos++] & 0xFF;
            if (c < 0x80) {
                chars[n++] = (char) c;
            } else if ((c & 0xE0) == 0xC0) {
                chars[n++] = (char) (((c & 0x1F) << 6) | (b[pos++] & 0x3F));
            } else {
                chars[n++] = (char) (((c & 0x0F) << 12) | ((b[pos++] & 0x3F) << 6) | (b[pos++] & 0x3F));
            }
        }
        return new String(chars, 0, n);
    }

    /** The name a CONSTANT_Class entry (at {@code at}) refers to. */
    static String className(byte[] b, int[] pool, int at) {
        return utf8(b, pool[u2(b, at + 1)]);
    }
}
