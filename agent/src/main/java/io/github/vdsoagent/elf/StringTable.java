package io.github.vdsoagent.elf;

/** DT_STRTAB: every string must start inside DT_STRSZ and end with a NUL inside it too. */
final class StringTable {
    private final ByteReader reader;
    private final long offset;
    private final long size;

    StringTable(ByteReader reader, long offset, long size) {
        this.reader = reader;
        this.offset = offset;
        this.size = size;
    }

    /** The string at {@code index}; {@code what} names its user (a symbol, a version) for the message. */
    String get(long index, String what) throws ElfFormatException {
        if (index < 0 || index >= size) {
            throw new ElfFormatException(what + ": string offset " + Hex.of(index) + " is outside the string table"
                    + " (DT_STRSZ " + size + ")");
        }
        String s = reader.cString(offset + index, offset + size);
        if (s == null) {
            throw new ElfFormatException(what + ": string at offset " + Hex.of(index)
                    + " is not NUL-terminated within the string table (DT_STRSZ " + size + ")");
        }
        return s;
    }
}
