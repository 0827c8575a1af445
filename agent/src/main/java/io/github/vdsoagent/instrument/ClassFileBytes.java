package io.github.vdsoagent.instrument;

/** Big-endian reads from a class file, its constant pool's tags, and its pool's strings. */
final class ClassFileBytes {
    static final int UTF8 = 1;
    static final int INTEGER = 3;
    static final int CLASS = 7;
    static final int METHODREF = 10;
    static final int INTERFACE_METHODREF = 11;
    static final int NAME_AND_TYPE = 12;

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
