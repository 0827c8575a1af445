package io.github.vdsoagent.elf;

/**
 * Finds the two program headers a vDSO needs: the first PT_LOAD, which gives the load bias, and the only PT_DYNAMIC.
 * Other types (PT_NOTE, PT_GNU_EH_FRAME, ...) are skipped.
 */
final class ProgramHeaders {
    private static final long PT_LOAD = 1;
    private static final long PT_DYNAMIC = 2;
    private static final long PF_X = 1;
    private static final long PF_R = 4;

    final LoadSegment load;
    /** Image offset and size of the dynamic section. */
    final long dynamicOffset;
    final long dynamicSize;

    private ProgramHeaders(LoadSegment load, long dynamicOffset, long dynamicSize) {
        this.load = load;
        this.dynamicOffset = dynamicOffset;
        this.dynamicSize = dynamicSize;
    }

    static ProgramHeaders parse(ElfHeader header) throws ElfFormatException {
        ByteReader r = header.reader;
        boolean is64 = header.is64();
        LoadSegment load = null;
        int dynamicCount = 0;
        long dynamicOffset = 0;
        long dynamicSize = 0;
        for (int i = 0; i < header.phnum; i++) {
            long at = header.phoff + (long) i * header.phentsize;
            long type = r.u32(at);
            if (type != PT_LOAD && type != PT_DYNAMIC) {
                continue;
            }
            // ELF64 moved p_flags next to p_type for alignment; ELF32 keeps it after p_memsz.
            long flags = is64 ? r.u32(at + 4) : r.u32(at + 24);
            long offset = is64 ? r.u64(at + 8) : r.u32(at + 4);
            long vaddr = is64 ? r.u64(at + 16) : r.u32(at + 8);
            long filesz = is64 ? r.u64(at + 32) : r.u32(at + 16);
            long memsz = is64 ? r.u64(at + 40) : r.u32(at + 20);
            if (type == PT_LOAD && load == null) {
                load = firstLoad(r, i, flags, offset, vaddr, filesz, memsz);
            } else if (type == PT_DYNAMIC) {
                dynamicCount++;
                r.require(offset, filesz, "PT_DYNAMIC (program header " + i + ", offset " + Hex.of(offset) + ", "
                        + Long.toUnsignedString(filesz) + " bytes)");
                dynamicOffset = offset;
                dynamicSize = filesz;
            }
        }
        if (load == null) {
            throw new ElfFormatException("no PT_LOAD program header");
        }
        if (dynamicCount == 0) {
            throw new ElfFormatException("no PT_DYNAMIC program header");
        }
        if (dynamicCount > 1) {
            throw new ElfFormatException("more than one PT_DYNAMIC program header (" + dynamicCount + ")");
        }
        return new ProgramHeaders(load, dynamicOffset, dynamicSize);
    }

    private static LoadSegment firstLoad(ByteReader r, int index, long flags, long offset, long vaddr, long filesz,
            long memsz) throws ElfFormatException {
        String what = "first PT_LOAD (program header " + index + ")";
        // The vDSO is code the process jumps into: a first segment that is not R+X is not a vDSO.
        if ((flags & (PF_R | PF_X)) != (PF_R | PF_X)) {
            throw new ElfFormatException(what + " is not readable and executable (p_flags " + Hex.of(flags)
                    + ", expected R and X)");
        }
        if (Long.compareUnsigned(filesz, memsz) > 0) {
            throw new ElfFormatException(what + " has p_filesz " + Hex.of(filesz) + " larger than p_memsz "
                    + Hex.of(memsz));
        }
        // The image is the mapping, so everything the segment occupies in memory must be in the array: that is what
        // lets every symbol inside [p_vaddr, p_vaddr + p_memsz) be given an offset inside the image.
        r.require(offset, memsz, "first PT_LOAD (program header " + index + ", p_offset " + Hex.of(offset)
                + ", p_memsz " + Hex.of(memsz) + ")");
        return new LoadSegment(vaddr, offset, memsz, r);
    }
}
