package io.github.vdsoagent.elf;

import java.nio.charset.StandardCharsets;

/**
 * Reads unsigned fields of one byte order out of the image, never outside it. Offsets are longs so that a field
 * read from the image (up to 2^64 - 1, which Java sees as negative past 2^63) can be checked before it is used:
 * any offset or size that is negative or reaches past the end fails the check.
 */
final class ByteReader {
    private final byte[] data;
    private final boolean littleEndian;
    private final boolean is64;

    ByteReader(byte[] data, boolean littleEndian, boolean is64) {
        this.data = data;
        this.littleEndian = littleEndian;
        this.is64 = is64;
    }

    int length() {
        return data.length;
    }

    /** True if {@code [offset, offset + size)} lies inside the image. */
    boolean contains(long offset, long size) {
        return offset >= 0 && size >= 0 && offset <= data.length && size <= data.length - offset;
    }

    /** Fails with "{@code what} extends past the end of the image" unless {@code [offset, offset + size)} is inside. */
    void require(long offset, long size, String what) throws ElfFormatException {
        if (!contains(offset, size)) {
            throw new ElfFormatException(what + " extends past the end of the image (" + data.length + " bytes)");
        }
    }

    int u8(long offset) throws ElfFormatException {
        check(offset, 1);
        return data[(int) offset] & 0xff;
    }

    int u16(long offset) throws ElfFormatException {
        return (int) read(offset, 2);
    }

    long u32(long offset) throws ElfFormatException {
        return read(offset, 4);
    }

    /** An unsigned 64-bit field; values of 2^63 and more come back negative and fail every bounds check. */
    long u64(long offset) throws ElfFormatException {
        return read(offset, 8);
    }

    /** An address, offset or size field: 4 bytes in ELFCLASS32, 8 in ELFCLASS64. */
    long word(long offset) throws ElfFormatException {
        return is64 ? u64(offset) : u32(offset);
    }

    /**
     * The NUL-terminated string starting at {@code start}; the NUL must come before {@code limit}. Returns null if
     * it does not, so that the caller can name the table in its message.
     */
    String cString(long start, long limit) throws ElfFormatException {
        check(start, limit - start);
        for (int i = (int) start; i < limit; i++) {
            if (data[i] == 0) {
                return new String(data, (int) start, i - (int) start, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private long read(long offset, int size) throws ElfFormatException {
        check(offset, size);
        int at = (int) offset;
        long value = 0;
        for (int i = 0; i < size; i++) {
            int b = data[littleEndian ? at + size - 1 - i : at + i] & 0xff;
            value = (value << 8) | b;
        }
        return value;
    }

    // Callers check their structures with require() first and a specific message; this is the backstop that keeps
    // a missed check from turning into an ArrayIndexOutOfBoundsException.
    private void check(long offset, long size) throws ElfFormatException {
        if (!contains(offset, size)) {
            throw new ElfFormatException("read of " + size + " bytes at offset " + Hex.of(offset)
                    + " is outside the image (" + data.length + " bytes)");
        }
    }
}
