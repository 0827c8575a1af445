package io.github.vdsoagent.elf;

import java.util.HashMap;
import java.util.Map;

/**
 * Symbol versions: DT_VERSYM gives each symbol a 16-bit version index (bit 15 = hidden, i.e. not the default
 * version of that name), and the DT_VERDEF entries name the indices. Without DT_VERDEF (or without DT_VERSYM) the
 * image is unversioned and every symbol's version is null.
 */
final class Versions {
    private static final int VER_DEF_CURRENT = 1;
    private static final int VER_FLG_BASE = 1;
    private static final int HIDDEN = 0x8000;
    /** Verdef: vd_version, vd_flags, vd_ndx, vd_cnt (u16 each), vd_hash, vd_aux, vd_next (u32 each). */
    private static final int VERDEF_SIZE = 20;
    /** Verdaux: vda_name, vda_next (u32 each). */
    private static final int VERDAUX_SIZE = 8;

    static final Versions NONE = new Versions(null, 0, Map.of());

    private final ByteReader reader;
    private final long versymAt;
    private final Map<Integer, String> names;

    private Versions(ByteReader reader, long versymAt, Map<Integer, String> names) {
        this.reader = reader;
        this.versymAt = versymAt;
        this.names = names;
    }

    static Versions parse(ByteReader r, LoadSegment load, DynamicSection dyn, StringTable strings, int symbolCount)
            throws ElfFormatException {
        if (!dyn.has(DynamicSection.DT_VERDEF) || !dyn.has(DynamicSection.DT_VERSYM)) {
            return NONE;
        }
        long versymAt = load.toOffset(dyn.get(DynamicSection.DT_VERSYM), 2L * symbolCount,
                "version symbol table (DT_VERSYM, " + symbolCount + " entries)");
        long limit = Limits.MAX_VERSION_DEFINITIONS;
        boolean limitFromDynamic = false;
        if (dyn.has(DynamicSection.DT_VERDEFNUM)
                && Long.compareUnsigned(dyn.get(DynamicSection.DT_VERDEFNUM), limit) < 0) {
            limit = dyn.get(DynamicSection.DT_VERDEFNUM);
            limitFromDynamic = true;
        }
        long at = load.toOffset(dyn.get(DynamicSection.DT_VERDEF), VERDEF_SIZE, "version definitions (DT_VERDEF)");
        Map<Integer, String> names = new HashMap<>();
        for (int n = 0; ; n++) {
            if (n >= limit) {
                throw new ElfFormatException("version definition chain is longer than "
                        + (limitFromDynamic ? "DT_VERDEFNUM (" + limit + ")" : "the limit of " + limit + " entries"));
            }
            String what = "version definition " + n + " at offset " + Hex.of(at);
            r.require(at, VERDEF_SIZE, what);
            int version = r.u16(at);
            int flags = r.u16(at + 2);
            int index = r.u16(at + 4);
            int auxCount = r.u16(at + 6);
            long aux = r.u32(at + 12);
            long next = r.u32(at + 16);
            if (version != VER_DEF_CURRENT) {
                throw new ElfFormatException(what + " has vd_version " + version + " (expected 1)");
            }
            if (auxCount == 0) {
                throw new ElfFormatException(what + " has no name (vd_cnt is 0)");
            }
            // The first Verdaux names this version; later ones name its parents, which lookups do not need.
            long auxAt = at + aux;
            r.require(auxAt, VERDAUX_SIZE, what + ": its first Verdaux (vd_aux " + aux + ")");
            String name = strings.get(r.u32(auxAt), what);
            // The base definition names the object itself (the soname), not a version symbols can carry.
            if ((flags & VER_FLG_BASE) == 0 && names.put(index, name) != null) {
                throw new ElfFormatException(what + " defines version index " + index + " a second time");
            }
            if (next == 0) {
                break;
            }
            // Offsets are unsigned and only move forward, so the chain cannot loop; a vd_next that would wrap
            // back in 32-bit pointer arithmetic lands past the end instead. One smaller than an entry overlaps it.
            if (next < VERDEF_SIZE) {
                throw new ElfFormatException(what + " has vd_next " + next + ", less than the entry's own "
                        + VERDEF_SIZE + " bytes");
            }
            at = Math.addExact(at, next);
            if (!r.contains(at, VERDEF_SIZE)) {
                throw new ElfFormatException(what + " has vd_next " + Hex.of(next) + ", which runs past the end of"
                        + " the image (" + r.length() + " bytes)");
            }
        }
        return new Versions(r, versymAt, Map.copyOf(names));
    }

    /**
     * The version of symbol {@code symbolIndex}, or null if it is unversioned (index 0 is local, 1 global; or the
     * image has no version definitions).
     */
    String name(int symbolIndex, String symbolName) throws ElfFormatException {
        if (reader == null) {
            return null;
        }
        int v = rawIndex(symbolIndex) & ~HIDDEN;
        if (v <= 1) {
            return null;
        }
        String name = names.get(v);
        if (name == null) {
            throw new ElfFormatException("symbol '" + symbolName + "' has version index " + v
                    + ", which no version definition (DT_VERDEF) defines");
        }
        return name;
    }

    /** True if symbol {@code symbolIndex} is a versioned non-default definition (name@VERSION rather than @@). */
    boolean hidden(int symbolIndex) throws ElfFormatException {
        if (reader == null) {
            return false;
        }
        int raw = rawIndex(symbolIndex);
        return (raw & HIDDEN) != 0 && (raw & ~HIDDEN) > 1;
    }

    private int rawIndex(int symbolIndex) throws ElfFormatException {
        return reader.u16(versymAt + 2L * symbolIndex);
    }
}
