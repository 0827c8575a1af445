package io.github.vdsoagent.elf;

import java.util.function.IntConsumer;

/**
 * DT_GNU_HASH: nbuckets, symoffset, bloom size, bloom shift, the bloom filter (words of the class's size), then
 * nbuckets 32-bit bucket starts and one 32-bit chain word per symbol from symoffset on. Symbols sharing a bucket
 * are consecutive and the last one's chain word has its low bit set; the table does not state the symbol count,
 * so it is found as the end of the chain that starts highest. Chains only run forward, so the walk is bounded by
 * the image and by {@link Limits#MAX_SYMBOLS}.
 */
final class GnuHash implements SymbolHash {
    private final int[] buckets;
    private final int symoffset;
    /** Chain words for symbols symoffset .. symbolCount - 1. */
    private final int[] chain;

    private GnuHash(int[] buckets, int symoffset, int[] chain) {
        this.buckets = buckets;
        this.symoffset = symoffset;
        this.chain = chain;
    }

    int symbolCount() {
        return symoffset + chain.length;
    }

    static GnuHash parse(ByteReader r, LoadSegment load, long address, int bloomWordSize) throws ElfFormatException {
        long at = load.toOffset(address, 16, "DT_GNU_HASH header");
        long nbuckets = r.u32(at);
        long symoffset = r.u32(at + 4);
        long bloomWords = r.u32(at + 8);
        if (nbuckets == 0) {
            throw new ElfFormatException("DT_GNU_HASH has no buckets (nbuckets is 0)");
        }
        if (symoffset > Limits.MAX_SYMBOLS) {
            throw new ElfFormatException("DT_GNU_HASH symoffset " + symoffset + " exceeds the limit of "
                    + Limits.MAX_SYMBOLS + " symbols");
        }
        // All u32 values: these sums and products stay far below 2^63.
        long bucketsAt = at + 16 + bloomWords * bloomWordSize;
        r.require(bucketsAt, nbuckets * 4, "DT_GNU_HASH buckets (" + nbuckets + " buckets after " + bloomWords
                + " bloom words)");
        long chainAt = bucketsAt + nbuckets * 4;

        // The bloom filter is only a fast "no"; lookups here walk the buckets directly, so it is not read.
        int[] buckets = new int[(int) nbuckets];
        long highest = 0;
        for (int i = 0; i < buckets.length; i++) {
            long start = r.u32(bucketsAt + 4L * i);
            if (start != 0 && (start < symoffset || start >= Limits.MAX_SYMBOLS)) {
                throw new ElfFormatException("DT_GNU_HASH bucket " + i + " starts at symbol " + start
                        + ", outside [symoffset " + symoffset + ", " + Limits.MAX_SYMBOLS + ")");
            }
            buckets[i] = (int) start;
            highest = Math.max(highest, start);
        }

        long count = symoffset;
        if (highest != 0) {
            count = endOfChain(r, chainAt, symoffset, highest);
        }
        int[] chain = new int[(int) (count - symoffset)];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = (int) r.u32(chainAt + 4L * i);
        }
        return new GnuHash(buckets, (int) symoffset, chain);
    }

    /** One past the last symbol of the chain that starts at {@code start}. */
    private static long endOfChain(ByteReader r, long chainAt, long symoffset, long start) throws ElfFormatException {
        for (long i = start; ; i++) {
            if (i >= Limits.MAX_SYMBOLS) {
                throw new ElfFormatException("DT_GNU_HASH chain from symbol " + start + " does not end within the"
                        + " limit of " + Limits.MAX_SYMBOLS + " symbols");
            }
            long wordAt = chainAt + 4 * (i - symoffset);
            if (!r.contains(wordAt, 4)) {
                throw new ElfFormatException("DT_GNU_HASH chain from symbol " + start + " runs past the end of the"
                        + " image (" + r.length() + " bytes) without an end marker");
            }
            if ((r.u32(wordAt) & 1) != 0) {
                return i + 1;
            }
        }
    }

    /** Checks the chains against the symbol count that DT_HASH states, when the image has both tables. */
    void checkAgainst(int symbolCount) throws ElfFormatException {
        if (symbolCount() > symbolCount) {
            throw new ElfFormatException("DT_GNU_HASH chains reach symbol " + (symbolCount() - 1)
                    + " but DT_HASH says the symbol table has " + symbolCount + " entries");
        }
    }

    @Override
    public void forEachCandidate(byte[] name, IntConsumer action) {
        int h = hash(name);
        int i = buckets[Integer.remainderUnsigned(h, buckets.length)];
        if (i == 0) {
            return;
        }
        // Parsing proved every chain ends (low bit set) before symbolCount, so this stays inside the array.
        for (; ; i++) {
            int word = chain[i - symoffset];
            // The chain word is the symbol's hash with the low bit reused as the end marker.
            if (((word ^ h) >>> 1) == 0) {
                action.accept(i);
            }
            if ((word & 1) != 0) {
                return;
            }
        }
    }

    /** The GNU hash of a symbol name (Bernstein's h * 33 + c, in 32 bits). */
    static int hash(byte[] name) {
        int h = 5381;
        for (byte b : name) {
            h = h * 33 + (b & 0xff);
        }
        return h;
    }
}
