package io.github.vdsoagent.elf;

import java.util.HashMap;
import java.util.Map;

/**
 * The entries of PT_DYNAMIC that locate the symbol machinery. Values are kept raw (virtual addresses or sizes);
 * translating addresses is the caller's job, through the first PT_LOAD.
 */
final class DynamicSection {
    static final long DT_NULL = 0;
    static final long DT_HASH = 4;
    static final long DT_STRTAB = 5;
    static final long DT_SYMTAB = 6;
    static final long DT_STRSZ = 10;
    static final long DT_SYMENT = 11;
    static final long DT_SONAME = 14;
    static final long DT_GNU_HASH = 0x6ffffef5L;
    static final long DT_VERSYM = 0x6ffffff0L;
    static final long DT_VERDEF = 0x6ffffffcL;
    static final long DT_VERDEFNUM = 0x6ffffffdL;

    private static final long[] TRACKED = {
        DT_HASH, DT_STRTAB, DT_SYMTAB, DT_STRSZ, DT_SYMENT, DT_SONAME, DT_GNU_HASH, DT_VERSYM, DT_VERDEF, DT_VERDEFNUM,
    };

    private final Map<Long, Long> values;

    private DynamicSection(Map<Long, Long> values) {
        this.values = values;
    }

    static DynamicSection parse(ElfHeader header, ProgramHeaders phdrs) throws ElfFormatException {
        ByteReader r = header.reader;
        int entrySize = header.layout().dynSize;
        long entries = phdrs.dynamicSize / entrySize;
        Map<Long, Long> values = new HashMap<>();
        for (long i = 0; i < entries; i++) {
            long at = phdrs.dynamicOffset + i * entrySize;
            long tag = r.word(at);
            long value = r.word(at + entrySize / 2);
            if (tag == DT_NULL) {
                return new DynamicSection(values);
            }
            if (isTracked(tag) && values.put(tag, value) != null) {
                // The dynamic linker would silently take one of them; for a vDSO it can only mean corruption.
                throw new ElfFormatException("dynamic section has more than one " + name(tag) + " entry");
            }
        }
        throw new ElfFormatException("dynamic section has no DT_NULL terminator within PT_DYNAMIC ("
                + phdrs.dynamicSize + " bytes)");
    }

    boolean has(long tag) {
        return values.containsKey(tag);
    }

    long get(long tag) {
        return values.get(tag);
    }

    long require(long tag) throws ElfFormatException {
        Long value = values.get(tag);
        if (value == null) {
            throw new ElfFormatException("dynamic section has no " + name(tag) + " entry");
        }
        return value;
    }

    private static boolean isTracked(long tag) {
        for (long t : TRACKED) {
            if (t == tag) {
                return true;
            }
        }
        return false;
    }

    static String name(long tag) {
        if (tag == DT_HASH) {
            return "DT_HASH";
        } else if (tag == DT_STRTAB) {
            return "DT_STRTAB";
        } else if (tag == DT_SYMTAB) {
            return "DT_SYMTAB";
        } else if (tag == DT_STRSZ) {
            return "DT_STRSZ";
        } else if (tag == DT_SYMENT) {
            return "DT_SYMENT";
        } else if (tag == DT_SONAME) {
            return "DT_SONAME";
        } else if (tag == DT_GNU_HASH) {
            return "DT_GNU_HASH";
        } else if (tag == DT_VERSYM) {
            return "DT_VERSYM";
        } else if (tag == DT_VERDEF) {
            return "DT_VERDEF";
        } else if (tag == DT_VERDEFNUM) {
            return "DT_VERDEFNUM";
        }
        return "tag " + Hex.of(tag);
    }
}
