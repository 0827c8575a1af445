package io.github.vdsoagent.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A parsed Linux vDSO image: the exported functions, their versions and where their code lies in the image.
 *
 * <p>The image is taken as the kernel maps it: byte 0 is the ELF header at the start of the [vdso] mapping and the
 * array is the whole mapping. Parsing follows what the dynamic linker needs (program headers and the dynamic
 * section, never section headers) and checks every offset, count and string against the array, so a corrupt or
 * hostile image gives an {@link ElfFormatException} and nothing else. Instances are immutable and thread-safe.
 */
public final class ElfImage {
    // Plain values only: the image array is not kept, so a caller may reuse or change it after parse().
    private final int elfClass;
    private final boolean littleEndian;
    private final int machine;
    private final long loadVaddr;
    private final long loadOffset;
    private final long loadMemSize;
    private final String soname;
    private final ElfSymbol[] bySymbolIndex;
    private final List<ElfSymbol> functions;
    private final GnuHash gnuHash;
    private final SysvHash sysvHash;

    private ElfImage(ElfHeader header, LoadSegment load, String soname, ElfSymbol[] bySymbolIndex,
            GnuHash gnuHash, SysvHash sysvHash) {
        this.elfClass = header.elfClass;
        this.littleEndian = header.littleEndian;
        this.machine = header.machine;
        this.loadVaddr = load.vaddr;
        this.loadOffset = load.offset;
        this.loadMemSize = load.memsz;
        this.soname = soname;
        this.bySymbolIndex = bySymbolIndex;
        List<ElfSymbol> list = new ArrayList<>();
        for (ElfSymbol s : bySymbolIndex) {
            if (s != null) {
                list.add(s);
            }
        }
        this.functions = Collections.unmodifiableList(list);
        this.gnuHash = gnuHash;
        this.sysvHash = sysvHash;
    }

    /**
     * Parses a vDSO image as it lies in memory: byte 0 is the ELF header at the start of the [vdso] mapping, the
     * array is the whole mapping. Never reads outside the array; throws ElfFormatException with a clear, specific
     * one-line message for anything malformed. The array is neither kept nor changed.
     */
    public static ElfImage parse(byte[] image) throws ElfFormatException {
        Objects.requireNonNull(image, "image");
        ElfHeader header = ElfHeader.parse(image);
        ByteReader r = header.reader;
        ProgramHeaders phdrs = ProgramHeaders.parse(header);
        LoadSegment load = phdrs.load;
        DynamicSection dyn = DynamicSection.parse(header, phdrs);

        long strsz = dyn.require(DynamicSection.DT_STRSZ);
        long strtabAt = load.toOffset(dyn.require(DynamicSection.DT_STRTAB), strsz,
                "string table (DT_STRTAB, DT_STRSZ " + Long.toUnsignedString(strsz) + ")");
        StringTable strings = new StringTable(r, strtabAt, strsz);
        long symtab = dyn.require(DynamicSection.DT_SYMTAB);
        long syment = dyn.require(DynamicSection.DT_SYMENT);
        int symSize = header.layout().symSize;
        if (syment != symSize) {
            throw new ElfFormatException("DT_SYMENT " + Long.toUnsignedString(syment) + " does not match the ELF"
                    + header.elfClass + " symbol size " + symSize);
        }
        String soname = dyn.has(DynamicSection.DT_SONAME)
                ? strings.get(dyn.get(DynamicSection.DT_SONAME), "DT_SONAME") : null;

        if (!dyn.has(DynamicSection.DT_HASH) && !dyn.has(DynamicSection.DT_GNU_HASH)) {
            throw new ElfFormatException("dynamic section has neither DT_HASH nor DT_GNU_HASH: symbols cannot be"
                    + " counted or looked up");
        }
        SysvHash sysv = dyn.has(DynamicSection.DT_HASH)
                ? SysvHash.parse(r, load, dyn.get(DynamicSection.DT_HASH), SysvHash.entrySize(header)) : null;
        GnuHash gnu = dyn.has(DynamicSection.DT_GNU_HASH)
                ? GnuHash.parse(r, load, dyn.get(DynamicSection.DT_GNU_HASH), header.is64() ? 8 : 4) : null;
        // DT_HASH's nchain is the symbol count by definition; DT_GNU_HASH only implies one.
        int count;
        if (sysv != null) {
            count = sysv.symbolCount();
            if (gnu != null) {
                gnu.checkAgainst(count);
            }
        } else {
            count = gnu.symbolCount();
        }

        Versions versions = Versions.parse(r, load, dyn, strings, count);
        ElfSymbol[] bySymbolIndex = SymbolTable.functions(header, load, symtab, count, strings, versions);
        return new ElfImage(header, load, soname, bySymbolIndex, gnu, sysv);
    }

    /** 32 or 64. */
    public int elfClass() {
        return elfClass;
    }

    public boolean littleEndian() {
        return littleEndian;
    }

    /** e_machine. */
    public int machine() {
        return machine;
    }

    /** "x86_64", "aarch64", "riscv64", "i386", "arm", ... or "unknown(&lt;n&gt;)". */
    public String machineName() {
        return Machines.name(machine, elfClass == 64, littleEndian);
    }

    /** p_vaddr of the first PT_LOAD (unsigned). */
    public long loadVaddr() {
        return loadVaddr;
    }

    /** p_offset of the first PT_LOAD. */
    public long loadOffset() {
        return loadOffset;
    }

    /** p_memsz of the first PT_LOAD. */
    public long loadMemSize() {
        return loadMemSize;
    }

    /** DT_SONAME, or null if the image has none. */
    public String soname() {
        return soname;
    }

    /**
     * Every exported, defined function symbol (STT_FUNC; GLOBAL or WEAK; weak aliases included), in symbol-table
     * order. Unmodifiable.
     */
    public List<ElfSymbol> functions() {
        return functions;
    }

    /**
     * Looks a function up through the image's hash table (DT_GNU_HASH preferred, else DT_HASH), as the dynamic
     * linker would. Finds only symbols that {@link #functions()} lists.
     *
     * @param name    the symbol name, e.g. "__vdso_clock_gettime"
     * @param version the version name, e.g. "LINUX_2.6"; null accepts any version and prefers the default
     *                definition (name@@VERSION) to a hidden one (name@VERSION). An unversioned symbol (the image
     *                has no version definitions, or its version index is 0 or 1) matches any requested version,
     *                as it does for the dynamic linker.
     */
    public Optional<ElfSymbol> find(String name, String version) {
        return find(name, version, gnuHash != null ? gnuHash : sysvHash);
    }

    /** {@link #find} through a chosen table, so that tests can exercise each table of an image that has both. */
    Optional<ElfSymbol> find(String name, String version, SymbolHash table) {
        Objects.requireNonNull(name, "name");
        if (table == null) {
            return Optional.empty();
        }
        Match match = new Match(bySymbolIndex, name, version);
        table.forEachCandidate(name.getBytes(StandardCharsets.UTF_8), match);
        return Optional.ofNullable(match.found[0] != null ? match.found[0] : match.found[1]);
    }

    /**
     * The symbol of that name and version among a hash table's candidates, a visible one before a hidden one. A
     * class, not a lambda: a short JVM's exit report resolves the vDSO (docs/design/start-up.md).
     */
    private static final class Match implements IntConsumer {
        private final ElfSymbol[] bySymbolIndex;
        private final String name;
        private final String version;
        final ElfSymbol[] found = new ElfSymbol[2];

        Match(ElfSymbol[] bySymbolIndex, String name, String version) {
            this.bySymbolIndex = bySymbolIndex;
            this.name = name;
            this.version = version;
        }

        @Override
        public void accept(int i) {
            ElfSymbol s = bySymbolIndex[i];
            if (s == null || !s.name().equals(name)) {
                return;
            }
            boolean matches = version == null || s.version() == null || version.equals(s.version());
            int slot = s.hiddenVersion() ? 1 : 0;
            if (matches && found[slot] == null) {
                found[slot] = s;
            }
        }
    }

    /** The number of dynamic symbol table entries, including the null symbol 0 and non-functions. */
    public int symbolCount() {
        return bySymbolIndex.length;
    }

    /** True if the image has a DT_GNU_HASH table (then {@link #find} uses it). */
    public boolean hasGnuHash() {
        return gnuHash != null;
    }

    /** True if the image has a DT_HASH table. */
    public boolean hasSysvHash() {
        return sysvHash != null;
    }

    SymbolHash gnuHash() {
        return gnuHash;
    }

    SymbolHash sysvHash() {
        return sysvHash;
    }

    @Override
    public String toString() {
        return "ElfImage[ELF" + elfClass + " " + (littleEndian ? "LSB" : "MSB") + " " + machineName()
                + ", soname " + soname + ", " + functions.size() + " functions]";
    }
}
