package io.github.vdsoagent.elf;

/**
 * The first PT_LOAD: it fixes where the image's virtual addresses land in the image, as the dynamic linker's load
 * bias does. Addresses from the dynamic section and symbol values go through here and nowhere else.
 */
final class LoadSegment {
    final long vaddr;
    final long offset;
    final long memsz;
    private final ByteReader reader;

    LoadSegment(long vaddr, long offset, long memsz, ByteReader reader) {
        this.vaddr = vaddr;
        this.offset = offset;
        this.memsz = memsz;
        this.reader = reader;
    }

    /**
     * The image offset of the {@code size} bytes at virtual address {@code addr}, which must all lie inside the
     * image. {@code what} names the table for the message.
     */
    long toOffset(long addr, long size, String what) throws ElfFormatException {
        if (Long.compareUnsigned(addr, vaddr) < 0) {
            throw new ElfFormatException(what + " at address " + Hex.of(addr) + " is below the first PT_LOAD's p_vaddr "
                    + Hex.of(vaddr));
        }
        // Unsigned difference; a result of 2^63 or more is negative here and fails the bounds check below.
        long delta = addr - vaddr;
        if (delta < 0 || delta > reader.length()) {
            throw new ElfFormatException(what + " at address " + Hex.of(addr) + " lies past the end of the image ("
                    + reader.length() + " bytes)");
        }
        long at = Math.addExact(offset, delta);
        if (!reader.contains(at, size)) {
            throw new ElfFormatException(what + " at address " + Hex.of(addr) + " (image offset " + Hex.of(at)
                    + ", " + Long.toUnsignedString(size) + " bytes) extends past the end of the image ("
                    + reader.length() + " bytes)");
        }
        return at;
    }

    /** True if {@code addr} lies in {@code [p_vaddr, p_vaddr + p_memsz)}, computed without overflow. */
    boolean containsAddress(long addr) {
        return Long.compareUnsigned(addr, vaddr) >= 0 && Long.compareUnsigned(addr - vaddr, memsz) < 0;
    }

    /** The image offset of an address for which {@link #containsAddress} holds. */
    long offsetOf(long addr) {
        return Math.addExact(offset, addr - vaddr);
    }
}
