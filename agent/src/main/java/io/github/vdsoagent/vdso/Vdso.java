package io.github.vdsoagent.vdso;

import io.github.vdsoagent.elf.ElfImage;
import io.github.vdsoagent.elf.ElfSymbol;
import io.github.vdsoagent.host.MapEntry;

import java.util.List;

/** The vDSO of this process, resolved and checked: where it is, what it exports, where clock_gettime is. */
public final class Vdso {
    private final long base;
    private final List<MapEntry> maps;
    private final ElfImage image;
    private final byte[] bytes;
    private final ElfSymbol clockGettime;
    private final long clockGettimeAddress;
    private final String source;

    Vdso(long base, List<MapEntry> maps, ElfImage image, byte[] bytes, ElfSymbol clockGettime,
         long clockGettimeAddress, String source) {
        this.base = base;
        this.maps = maps;
        this.image = image;
        this.bytes = bytes;
        this.clockGettime = clockGettime;
        this.clockGettimeAddress = clockGettimeAddress;
        this.source = source;
    }

    /** AT_SYSINFO_EHDR: the start of the [vdso] mapping. */
    public long base() {
        return base;
    }

    /** [vvar], [vvar_vclock] and [vdso] as /proc/self/maps lists them. */
    public List<MapEntry> maps() {
        return maps;
    }

    public ElfImage image() {
        return image;
    }

    /** A copy of the image as mapped: a file that readelf reads. */
    public byte[] imageBytes() {
        return bytes.clone();
    }

    /** Every exported function, weak aliases included. */
    public List<ElfSymbol> symbols() {
        return image.functions();
    }

    public ElfSymbol clockGettime() {
        return clockGettime;
    }

    public long clockGettimeAddress() {
        return clockGettimeAddress;
    }

    /** How the image was found and read, for the report. */
    public String source() {
        return source;
    }
}
