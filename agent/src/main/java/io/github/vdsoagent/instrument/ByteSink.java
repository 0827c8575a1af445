package io.github.vdsoagent.instrument;

import java.util.Arrays;

/** A growable big-endian byte buffer for writing class files, with in-place fix-ups of values written earlier. */
final class ByteSink {
    private byte[] bytes;
    private int size;

    ByteSink(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    void u1(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    void u2(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    void u4(int value) {
        ensure(4);
        set4(size, value);
        size += 4;
    }

    void bytes(byte[] source, int from, int length) {
        ensure(length);
        System.arraycopy(source, from, bytes, size, length);
        size += length;
    }

    void bytes(ByteSink other) {
        bytes(other.bytes, 0, other.size);
    }

    void set2(int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }

    void set4(int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    byte[] toByteArray() {
        return bytes.length == size ? bytes : Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
