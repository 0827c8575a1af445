package io.github.vdsoagent.elf;

/** Formats ELF fields for messages: unsigned, in hex, as readelf prints them. */
final class Hex {
    private Hex() {
    }

    static String of(long value) {
        return "0x" + Long.toHexString(value);
    }
}
