package io.github.vdsoagent.elf;

import java.util.Objects;

/** One exported, defined function of a vDSO image. Immutable, with value equality over all fields. */
public final class ElfSymbol {
    private final String name;
    private final String version;
    private final long value;
    private final long offset;
    private final long size;
    private final String binding;
    private final boolean hiddenVersion;

    ElfSymbol(String name, String version, long value, long offset, long size, String binding,
            boolean hiddenVersion) {
        this.name = name;
        this.version = version;
        this.value = value;
        this.offset = offset;
        this.size = size;
        this.binding = binding;
        this.hiddenVersion = hiddenVersion;
    }

    public String name() {
        return name;
    }

    /** The version name (e.g. "LINUX_2.6"), or null if the symbol is unversioned. */
    public String version() {
        return version;
    }

    /** st_value, a virtual address in the image's own address space (unsigned). */
    public long value() {
        return value;
    }

    /** Where the symbol's code starts, counted from byte 0 of the image: st_value - loadVaddr + loadOffset. */
    public long offset() {
        return offset;
    }

    /** st_size (unsigned). */
    public long size() {
        return size;
    }

    /** "GLOBAL" or "WEAK". */
    public String binding() {
        return binding;
    }

    /** True for a non-default version (readelf's name@VERSION, as opposed to name@@VERSION). */
    public boolean hiddenVersion() {
        return hiddenVersion;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ElfSymbol)) {
            return false;
        }
        ElfSymbol s = (ElfSymbol) o;
        return name.equals(s.name) && Objects.equals(version, s.version) && value == s.value && offset == s.offset
                && size == s.size && binding.equals(s.binding) && hiddenVersion == s.hiddenVersion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, value, offset, size, binding, hiddenVersion);
    }

    /** As readelf writes it, e.g. {@code clock_gettime@@LINUX_2.6 WEAK 0xaf0 (902 bytes at offset 0xaf0)}. */
    @Override
    public String toString() {
        String v = version == null ? "" : (hiddenVersion ? "@" : "@@") + version;
        return name + v + " " + binding + " " + Hex.of(value) + " (" + Long.toUnsignedString(size)
                + " bytes at offset " + Hex.of(offset) + ")";
    }
}
