package io.github.vdsoagent.elf;

/**
 * DT_SYMTAB: picks out the exported, defined functions, the only symbols a vDSO caller can use, and checks each
 * one's name and address before it becomes an {@link ElfSymbol}.
 */
final class SymbolTable {
    private static final int SHN_UNDEF = 0;
    private static final int STT_FUNC = 2;
    private static final int STB_GLOBAL = 1;
    private static final int STB_WEAK = 2;

    private SymbolTable() {
    }

    /** The exported functions by symbol index; entries for every other symbol are null. */
    static ElfSymbol[] functions(ElfHeader header, LoadSegment load, long symtabAddress, int count,
            StringTable strings, Versions versions) throws ElfFormatException {
        ByteReader r = header.reader;
        boolean is64 = header.is64();
        int entrySize = header.layout().symSize;
        long at = load.toOffset(symtabAddress, (long) count * entrySize,
                "symbol table (DT_SYMTAB, " + count + " entries of " + entrySize + " bytes)");
        ElfSymbol[] result = new ElfSymbol[count];
        for (int i = 0; i < count; i++) {
            long e = at + (long) i * entrySize;
            // Elf64_Sym puts st_info/st_other/st_shndx before the 8-byte value and size; Elf32_Sym after them.
            long nameIndex = r.u32(e);
            int info = is64 ? r.u8(e + 4) : r.u8(e + 12);
            int shndx = is64 ? r.u16(e + 6) : r.u16(e + 14);
            long value = is64 ? r.u64(e + 8) : r.u32(e + 4);
            long size = is64 ? r.u64(e + 16) : r.u32(e + 8);
            int type = info & 0xf;
            int bind = info >>> 4;
            if (shndx == SHN_UNDEF || type != STT_FUNC || (bind != STB_GLOBAL && bind != STB_WEAK)) {
                continue;
            }
            String name = strings.get(nameIndex, "name of symbol " + i);
            if (!load.containsAddress(value)) {
                throw new ElfFormatException("symbol '" + name + "' has st_value " + Hex.of(value)
                        + ", outside the first PT_LOAD [" + Hex.of(load.vaddr) + ", " + Hex.of(load.vaddr)
                        + " + " + Hex.of(load.memsz) + ")");
            }
            result[i] = new ElfSymbol(name, versions.name(i, name), value, load.offsetOf(value), size,
                    bind == STB_GLOBAL ? "GLOBAL" : "WEAK", versions.hidden(i));
        }
        return result;
    }
}
