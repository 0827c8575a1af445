package io.github.vdsoagent.elf;

/**
 * The ELF header: identification, byte order, class and where the program headers are. Only what a vDSO needs is
 * checked; section headers are ignored because the dynamic linker (and so the vDSO contract) never uses them.
 */
final class ElfHeader {
    static final int EI_NIDENT = 16;
    private static final int ELFCLASS32 = 1;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int ELFDATA2MSB = 2;
    private static final int EV_CURRENT = 1;
    private static final int ET_DYN = 3;
    /** e_phnum value meaning "the real count is in section header 0"; a vDSO has a handful of program headers. */
    private static final int PN_XNUM = 0xffff;

    final int elfClass;
    final boolean littleEndian;
    final int machine;
    final long phoff;
    final int phentsize;
    final int phnum;
    final ByteReader reader;

    private ElfHeader(int elfClass, boolean littleEndian, int machine, long phoff, int phentsize, int phnum,
            ByteReader reader) {
        this.elfClass = elfClass;
        this.littleEndian = littleEndian;
        this.machine = machine;
        this.phoff = phoff;
        this.phentsize = phentsize;
        this.phnum = phnum;
        this.reader = reader;
    }

    boolean is64() {
        return elfClass == 64;
    }

    static ElfHeader parse(byte[] image) throws ElfFormatException {
        if (image.length < EI_NIDENT) {
            throw new ElfFormatException("truncated ELF header: image has " + image.length
                    + " bytes, the identification alone needs " + EI_NIDENT);
        }
        if (image[0] != 0x7f || image[1] != 'E' || image[2] != 'L' || image[3] != 'F') {
            throw new ElfFormatException(String.format("bad ELF magic %02x %02x %02x %02x (expected 7f 45 4c 46)",
                    image[0] & 0xff, image[1] & 0xff, image[2] & 0xff, image[3] & 0xff));
        }
        int classByte = image[4] & 0xff;
        if (classByte != ELFCLASS32 && classByte != ELFCLASS64) {
            throw new ElfFormatException("unsupported ELF class " + classByte
                    + " in e_ident[EI_CLASS] (expected 1 for ELFCLASS32 or 2 for ELFCLASS64)");
        }
        int dataByte = image[5] & 0xff;
        if (dataByte != ELFDATA2LSB && dataByte != ELFDATA2MSB) {
            throw new ElfFormatException("unsupported data encoding " + dataByte
                    + " in e_ident[EI_DATA] (expected 1 for little-endian or 2 for big-endian)");
        }
        int identVersion = image[6] & 0xff;
        if (identVersion != EV_CURRENT) {
            throw new ElfFormatException("unsupported ELF version " + identVersion
                    + " in e_ident[EI_VERSION] (expected 1)");
        }
        boolean is64 = classByte == ELFCLASS64;
        int elfClass = is64 ? 64 : 32;
        Layout layout = is64 ? Layout.ELF64 : Layout.ELF32;
        if (image.length < layout.ehdrSize) {
            throw new ElfFormatException("truncated ELF header: image has " + image.length + " bytes, an ELF"
                    + elfClass + " header needs " + layout.ehdrSize);
        }
        ByteReader r = new ByteReader(image, dataByte == ELFDATA2LSB, is64);

        int type = r.u16(16);
        if (type != ET_DYN) {
            throw new ElfFormatException("e_type " + type + " is not ET_DYN (3): a vDSO is a shared object");
        }
        int machine = r.u16(18);
        long version = r.u32(20);
        if (version != EV_CURRENT) {
            throw new ElfFormatException("unsupported e_version " + version + " (expected 1)");
        }
        long phoff = r.word(layout.phoffAt);
        int ehsize = r.u16(layout.ehsizeAt);
        int phentsize = r.u16(layout.ehsizeAt + 2);
        int phnum = r.u16(layout.ehsizeAt + 4);
        if (ehsize < layout.ehdrSize || ehsize > image.length) {
            throw new ElfFormatException("e_ehsize " + ehsize + " is not a sane ELF" + elfClass
                    + " header size (at least " + layout.ehdrSize + ", at most the image's " + image.length
                    + " bytes)");
        }
        if (phentsize != layout.phdrSize) {
            throw new ElfFormatException("e_phentsize " + phentsize + " does not match the ELF" + elfClass
                    + " program header size " + layout.phdrSize);
        }
        if (phnum == 0) {
            throw new ElfFormatException("no program headers (e_phnum is 0)");
        }
        if (phnum == PN_XNUM) {
            throw new ElfFormatException("e_phnum 0xffff (extended program header numbering) is not supported");
        }
        if (phoff < 0 || phoff >= image.length) {
            throw new ElfFormatException("e_phoff " + Hex.of(phoff) + " is past the end of the image ("
                    + image.length + " bytes)");
        }
        // phnum < 2^16 and phentsize < 2^16: the product cannot overflow a long.
        r.require(phoff, (long) phnum * phentsize, "program header table (e_phoff " + Hex.of(phoff) + ", " + phnum
                + " entries of " + phentsize + " bytes)");
        return new ElfHeader(elfClass, dataByte == ELFDATA2LSB, machine, phoff, phentsize, phnum, r);
    }

    /** Where the two classes put the fields that differ in width, and the sizes of their structures. */
    enum Layout {
        ELF32(52, 28, 40, 32, 16, 8),
        ELF64(64, 32, 52, 56, 24, 16);

        final int ehdrSize;
        final int phoffAt;
        final int ehsizeAt;
        final int phdrSize;
        final int symSize;
        final int dynSize;

        Layout(int ehdrSize, int phoffAt, int ehsizeAt, int phdrSize, int symSize, int dynSize) {
            this.ehdrSize = ehdrSize;
            this.phoffAt = phoffAt;
            this.ehsizeAt = ehsizeAt;
            this.phdrSize = phdrSize;
            this.symSize = symSize;
            this.dynSize = dynSize;
        }
    }

    Layout layout() {
        return is64() ? Layout.ELF64 : Layout.ELF32;
    }
}
