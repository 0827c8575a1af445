package io.github.vdsoagent.elf;

import java.util.function.IntConsumer;

/**
 * A hash table of the dynamic symbols, validated when parsed so that a lookup can neither fail nor leave the table.
 */
interface SymbolHash {
    /** The symbol indices whose hash chain {@code name} falls into, in chain order; the caller compares names. */
    void forEachCandidate(byte[] name, IntConsumer action);
}
