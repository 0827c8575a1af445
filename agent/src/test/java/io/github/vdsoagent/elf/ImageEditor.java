package io.github.vdsoagent.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds and rewrites the structures of a well-formed image, for crafting malformed ones. It reads the image
 * independently of the parser under test, trusting it the way only a test can: it assumes the image is sound
 * and laid out as ld lays out a vDSO (.dynsym directly followed by .dynstr).
 */
final class ImageEditor {
    static final long PT_NULL = 0;
    static final long PT_LOAD = 1;
    static final long PT_DYNAMIC = 2;
    static final long PT_NOTE = 4;
    static final long DT_NULL = 0;
    static final long DT_HASH = 4;
    static final long DT_STRTAB = 5;
    static final long DT_SYMTAB = 6;
    static final long DT_STRSZ = 10;
    static final long DT_SYMENT = 11;
    static final long DT_SONAME = 14;
    /** A tag the parser ignores: retagging an entry to it removes the entry without moving the others. */
    static final long DT_DEBUG = 21;
    static final long DT_GNU_HASH = 0x6ffffef5L;
    static final long DT_VERSYM = 0x6ffffff0L;
    static final long DT_VERDEF = 0x6ffffffcL;
    static final long DT_VERDEFNUM = 0x6ffffffdL;

    private byte[] b;
    final boolean is64;
    final boolean little;

    ImageEditor(byte[] image) {
        this.b = image.clone();
        this.is64 = image[4] == 2;
        this.little = image[5] == 1;
    }

    byte[] bytes() {
        return b.clone();
    }

    int length() {
        return b.length;
    }

    // ---- raw fields --------------------------------------------------------------------------------------------

    long get(int at, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (b[little ? at + width - 1 - i : at + i] & 0xff);
        }
        return v;
    }

    ImageEditor put(int at, int width, long value) {
        for (int i = 0; i < width; i++) {
            b[little ? at + i : at + width - 1 - i] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    int wordSize() {
        return is64 ? 8 : 4;
    }

    long word(int at) {
        return get(at, wordSize());
    }

    ImageEditor putWord(int at, long value) {
        return put(at, wordSize(), value);
    }

    // ---- ELF header and program headers ------------------------------------------------------------------------

    int phoffField() {
        return is64 ? 32 : 28;
    }

    int ehsizeField() {
        return is64 ? 52 : 40;
    }

    int phentsizeField() {
        return ehsizeField() + 2;
    }

    int phnumField() {
        return ehsizeField() + 4;
    }

    int phnum() {
        return (int) get(phnumField(), 2);
    }

    int phdr(int i) {
        return (int) word(phoffField()) + i * (is64 ? 56 : 32);
    }

    int pFlags(int i) {
        return phdr(i) + (is64 ? 4 : 24);
    }

    int pOffset(int i) {
        return phdr(i) + (is64 ? 8 : 4);
    }

    int pVaddr(int i) {
        return phdr(i) + (is64 ? 16 : 8);
    }

    int pFilesz(int i) {
        return phdr(i) + (is64 ? 32 : 16);
    }

    int pMemsz(int i) {
        return phdr(i) + (is64 ? 40 : 20);
    }

    /** Index of the first program header of {@code type}, or -1. */
    int findPhdr(long type) {
        for (int i = 0; i < phnum(); i++) {
            if (get(phdr(i), 4) == type) {
                return i;
            }
        }
        return -1;
    }

    long loadVaddr() {
        return word(pVaddr(findPhdr(PT_LOAD)));
    }

    long loadOffset() {
        return word(pOffset(findPhdr(PT_LOAD)));
    }

    int toOffset(long vaddr) {
        return Math.toIntExact(vaddr - loadVaddr() + loadOffset());
    }

    long toVaddr(int offset) {
        return offset - loadOffset() + loadVaddr();
    }

    // ---- dynamic section ---------------------------------------------------------------------------------------

    int dynamicOffset() {
        return (int) word(pOffset(findPhdr(PT_DYNAMIC)));
    }

    /** Offsets of the entries up to and including DT_NULL. */
    List<Integer> dynEntries() {
        List<Integer> out = new ArrayList<>();
        for (int at = dynamicOffset(); ; at += 2 * wordSize()) {
            out.add(at);
            if (word(at) == DT_NULL) {
                return out;
            }
        }
    }

    /** Offset of the entry with {@code tag}; fails if there is none. */
    int dynEntry(long tag) {
        for (int at : dynEntries()) {
            if (word(at) == tag) {
                return at;
            }
        }
        throw new IllegalArgumentException("no dynamic entry " + Long.toHexString(tag));
    }

    boolean hasDyn(long tag) {
        for (int at : dynEntries()) {
            if (word(at) == tag) {
                return true;
            }
        }
        return false;
    }

    long dyn(long tag) {
        return word(dynEntry(tag) + wordSize());
    }

    ImageEditor setDyn(long tag, long value) {
        return putWord(dynEntry(tag) + wordSize(), value);
    }

    ImageEditor retag(long tag, long newTag) {
        return putWord(dynEntry(tag), newTag);
    }

    /** Image offset of the table a dynamic entry points to. */
    int table(long tag) {
        return toOffset(dyn(tag));
    }

    // ---- symbols, strings, hash tables, versions ---------------------------------------------------------------

    int symSize() {
        return is64 ? 24 : 16;
    }

    int symbolCount() {
        return (table(DT_STRTAB) - table(DT_SYMTAB)) / symSize();
    }

    int sym(int i) {
        return table(DT_SYMTAB) + i * symSize();
    }

    int stValue(int i) {
        return sym(i) + (is64 ? 8 : 4);
    }

    int stInfo(int i) {
        return sym(i) + (is64 ? 4 : 12);
    }

    int stShndx(int i) {
        return sym(i) + (is64 ? 6 : 14);
    }

    String string(long index) {
        int start = Math.toIntExact(table(DT_STRTAB) + index);
        int end = start;
        while (b[end] != 0) {
            end++;
        }
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    /** Index of the first defined function symbol; fails if there is none. */
    int firstFunction() {
        for (int i = 1; i < symbolCount(); i++) {
            if ((get(stInfo(i), 1) & 0xf) == 2 && get(stShndx(i), 2) != 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("no defined function");
    }

    String symbolName(int i) {
        return string(get(sym(i), 4));
    }

    int sysvEntrySize() {
        int machine = (int) get(18, 2);
        return is64 && (machine == 22 || machine == 0x9026) ? 8 : 4;
    }

    /** Offsets of the GNU hash table's parts: [header, buckets, chain]. */
    int[] gnuHashParts() {
        int at = table(DT_GNU_HASH);
        int buckets = at + 16 + (int) get(at + 8, 4) * wordSize();
        return new int[] {at, buckets, buckets + 4 * (int) get(at, 4)};
    }

    /** Offsets of the version definitions, in chain order. */
    List<Integer> verdefs() {
        List<Integer> out = new ArrayList<>();
        int at = table(DT_VERDEF);
        while (true) {
            out.add(at);
            long next = get(at + 16, 4);
            if (next == 0) {
                return out;
            }
            at += (int) next;
        }
    }

    // ---- moving the image in its address space -----------------------------------------------------------------

    /**
     * Adds {@code delta} to every virtual address: program headers, the dynamic entries that hold addresses, and
     * the values of defined, non-absolute symbols. The bytes stay where they are, as when a vDSO is prelinked at
     * a fixed address (old x86_64 kernels linked it at 0xffffffffff700000).
     */
    ImageEditor rebase(long delta) {
        for (int i = 1; i < symbolCount(); i++) {
            long shndx = get(stShndx(i), 2);
            if (shndx != 0 && shndx != 0xfff1) {
                putWord(stValue(i), word(stValue(i)) + delta);
            }
        }
        for (long tag : new long[] {DT_HASH, DT_GNU_HASH, DT_STRTAB, DT_SYMTAB, DT_VERSYM, DT_VERDEF}) {
            if (hasDyn(tag)) {
                setDyn(tag, dyn(tag) + delta);
            }
        }
        for (int i = 0; i < phnum(); i++) {
            putWord(pVaddr(i), word(pVaddr(i)) + delta);
            putWord(pVaddr(i) + wordSize(), word(pVaddr(i) + wordSize()) + delta); // p_paddr
        }
        return this;
    }

    // ---- growing the image -------------------------------------------------------------------------------------

    /**
     * Appends {@code data} (16-byte aligned) and grows the first PT_LOAD over it, so that tables can be placed at
     * the very end of the image. Returns the data's virtual address.
     */
    long append(byte[] data) {
        int at = (b.length + 15) & ~15;
        b = Arrays.copyOf(b, at + data.length);
        System.arraycopy(data, 0, b, at, data.length);
        int load = findPhdr(PT_LOAD);
        long size = b.length - word(pOffset(load));
        putWord(pFilesz(load), size);
        putWord(pMemsz(load), size);
        return toVaddr(at);
    }

    byte[] slice(int from, int to) {
        return Arrays.copyOfRange(b, from, to);
    }

    // ---- every field the parser reads, for fuzzing -------------------------------------------------------------

    /** {offset, width} of the fields the parser reads, found by walking the sound image. */
    List<int[]> fields() {
        List<int[]> f = new ArrayList<>();
        for (int at : new int[] {4, 5, 6}) {
            f.add(new int[] {at, 1});
        }
        f.add(new int[] {16, 2});
        f.add(new int[] {20, 4});
        f.add(new int[] {phoffField(), wordSize()});
        f.add(new int[] {ehsizeField(), 2});
        f.add(new int[] {phentsizeField(), 2});
        f.add(new int[] {phnumField(), 2});
        for (int i = 0; i < phnum(); i++) {
            f.add(new int[] {phdr(i), 4});
            f.add(new int[] {pFlags(i), 4});
            for (int at : new int[] {pOffset(i), pVaddr(i), pFilesz(i), pMemsz(i)}) {
                f.add(new int[] {at, wordSize()});
            }
        }
        for (int at : dynEntries()) {
            f.add(new int[] {at, wordSize()});
            f.add(new int[] {at + wordSize(), wordSize()});
        }
        int symbols = symbolCount();
        if (hasDyn(DT_HASH)) {
            int at = table(DT_HASH);
            int entries = 2 + (int) get(at, sysvEntrySize()) + (int) get(at + sysvEntrySize(), sysvEntrySize());
            for (int i = 0; i < entries; i++) {
                f.add(new int[] {at + i * sysvEntrySize(), sysvEntrySize()});
            }
        }
        if (hasDyn(DT_GNU_HASH)) {
            int[] parts = gnuHashParts();
            for (int at = parts[0]; at < parts[0] + 16; at += 4) {
                f.add(new int[] {at, 4});
            }
            int symoffset = (int) get(parts[0] + 4, 4);
            for (int at = parts[1]; at < parts[2] + 4 * (symbols - symoffset); at += 4) {
                f.add(new int[] {at, 4});
            }
        }
        for (int i = 0; i < symbols; i++) {
            f.add(new int[] {sym(i), 4});
            f.add(new int[] {stInfo(i), 1});
            f.add(new int[] {stShndx(i), 2});
            f.add(new int[] {stValue(i), wordSize()});
        }
        if (hasDyn(DT_VERSYM)) {
            for (int i = 0; i < symbols; i++) {
                f.add(new int[] {table(DT_VERSYM) + 2 * i, 2});
            }
        }
        if (hasDyn(DT_VERDEF)) {
            for (int at : verdefs()) {
                for (int[] field : new int[][] {{0, 2}, {2, 2}, {4, 2}, {6, 2}, {12, 4}, {16, 4}}) {
                    f.add(new int[] {at + field[0], field[1]});
                }
                f.add(new int[] {at + (int) get(at + 12, 4), 4});
            }
        }
        return f;
    }
}
