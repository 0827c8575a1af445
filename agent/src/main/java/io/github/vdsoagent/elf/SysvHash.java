package io.github.vdsoagent.elf;

import java.util.function.IntConsumer;

/**
 * DT_HASH, the System V hash table: nbucket, nchain, bucket[nbucket], chain[nchain]. nchain is by definition the
 * number of symbol table entries. Chains are linked lists, so they are walked once here with a visited set: a
 * corrupt table that loops ends in an exception at parse time instead of a hang at lookup time.
 */
final class SysvHash implements SymbolHash {
    private final int[] buckets;
    private final int[] chain;

    private SysvHash(int[] buckets, int[] chain) {
        this.buckets = buckets;
        this.chain = chain;
    }

    int symbolCount() {
        return chain.length;
    }

    /**
     * Entries are 4 bytes, except on 64-bit s390 and Alpha, whose ABIs made them 8 (both ld and glibc follow that).
     */
    static int entrySize(ElfHeader header) {
        boolean wide = header.is64() && (header.machine == Machines.EM_S390 || header.machine == Machines.EM_ALPHA);
        return wide ? 8 : 4;
    }

    static SysvHash parse(ByteReader r, LoadSegment load, long address, int entrySize) throws ElfFormatException {
        long at = load.toOffset(address, 2L * entrySize, "DT_HASH header");
        long nbucket = read(r, at, entrySize);
        long nchain = read(r, at + entrySize, entrySize);
        if (nbucket == 0) {
            throw new ElfFormatException("DT_HASH has no buckets (nbucket is 0)");
        }
        if (nchain < 0 || nchain > Limits.MAX_SYMBOLS) {
            throw new ElfFormatException("DT_HASH nchain " + Long.toUnsignedString(nchain) + " exceeds the limit of "
                    + Limits.MAX_SYMBOLS + " symbols");
        }
        // nbucket is at most 2^64 - 1 and so unchecked; the image bounds it before anything is allocated.
        long entries;
        long bytes;
        try {
            entries = Math.addExact(Math.addExact(2, nbucket), nchain);
            bytes = Math.multiplyExact(entries, entrySize);
        } catch (ArithmeticException e) {
            bytes = -1;
        }
        r.require(at, bytes, "DT_HASH table (nbucket " + Long.toUnsignedString(nbucket) + ", nchain " + nchain + ")");

        int[] buckets = new int[(int) nbucket];
        int[] chain = new int[(int) nchain];
        long bucketsAt = at + 2L * entrySize;
        long chainAt = bucketsAt + nbucket * entrySize;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = index(read(r, bucketsAt + (long) i * entrySize, entrySize), nchain, "bucket " + i);
        }
        for (int i = 0; i < chain.length; i++) {
            chain[i] = index(read(r, chainAt + (long) i * entrySize, entrySize), nchain, "chain entry " + i);
        }
        checkChainsEnd(buckets, chain);
        return new SysvHash(buckets, chain);
    }

    // Every symbol hashes to one bucket, so a sound table reaches each index at most once over all chains; a
    // second visit is a loop (or two chains merged, which no linker writes). Costs O(nbucket + nchain).
    private static void checkChainsEnd(int[] buckets, int[] chain) throws ElfFormatException {
        boolean[] seen = new boolean[chain.length];
        for (int b = 0; b < buckets.length; b++) {
            for (int i = buckets[b]; i != 0; i = chain[i]) {
                if (seen[i]) {
                    throw new ElfFormatException("DT_HASH chain from bucket " + b + " reaches symbol " + i
                            + " a second time (the chain loops)");
                }
                seen[i] = true;
            }
        }
    }

    private static int index(long value, long nchain, String what) throws ElfFormatException {
        if (value < 0 || value >= nchain) {
            throw new ElfFormatException("DT_HASH " + what + " refers to symbol " + Long.toUnsignedString(value)
                    + ", beyond nchain " + nchain);
        }
        return (int) value;
    }

    private static long read(ByteReader r, long at, int entrySize) throws ElfFormatException {
        return entrySize == 8 ? r.u64(at) : r.u32(at);
    }

    @Override
    public void forEachCandidate(byte[] name, IntConsumer action) {
        int bucket = (int) Long.remainderUnsigned(hash(name), buckets.length);
        for (int i = buckets[bucket]; i != 0; i = chain[i]) {
            action.accept(i);
        }
    }

    /** The System V ABI's ELF hash of a symbol name. */
    static long hash(byte[] name) {
        long h = 0;
        for (byte b : name) {
            // 32-bit arithmetic as in the ABI's C (bits shifted past 31 never flow back; this keeps h small).
            h = ((h << 4) + (b & 0xff)) & 0xffffffffL;
            long high = h & 0xf0000000L;
            if (high != 0) {
                h ^= high >>> 24;
            }
            h &= ~high;
        }
        return h;
    }
}
