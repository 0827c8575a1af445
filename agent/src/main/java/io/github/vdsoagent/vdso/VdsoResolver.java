package io.github.vdsoagent.vdso;

import io.github.vdsoagent.elf.ElfFormatException;
import io.github.vdsoagent.elf.ElfImage;
import io.github.vdsoagent.elf.ElfSymbol;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.host.MapEntry;
import io.github.vdsoagent.host.NativeAccess;
import io.github.vdsoagent.host.ProcessMaps;

import java.io.IOException;
import java.util.Optional;

/**
 * Finds the vDSO the kernel mapped into this process and resolves its clock_gettime, trusting nothing: the
 * auxiliary vector's address must be the start of the [vdso] mapping, the image must parse as a valid ELF of this
 * architecture, the symbol must carry the architecture's name and version, and its address must fall inside both
 * the image's load segment and the mapping.
 */
public final class VdsoResolver {
    private static final int MAX_IMAGE = 1 << 20;

    private VdsoResolver() {
    }

    /**
     * Resolves through /proc alone: what the agent does inside its host JVM, where JNA must not run (it initializes
     * java.util.logging, sets system properties and starts an ldconfig process when it first loads a library).
     */
    public static Vdso resolve() throws VdsoUnavailableException {
        return resolve(VdsoMemory.PROC);
    }

    /** Resolves through getauxval and a memory read via JNA: for the CLI's own JVM, when native calls are allowed. */
    public static Vdso resolveWithJna() throws VdsoUnavailableException {
        return resolve(NativeAccess.allowed() ? VdsoMemory.JNA : VdsoMemory.PROC);
    }

    static Vdso resolve(VdsoMemory memory) throws VdsoUnavailableException {
        ProcessMaps maps;
        try {
            maps = ProcessMaps.ofSelf();
        } catch (IOException | SecurityException e) {
            throw new VdsoUnavailableException("cannot read /proc/self/maps to check the vDSO's bounds: " + e.getMessage(), e);
        }
        // Optional checks, not orElseThrow(lambda): this runs once, cold, where each first lambda costs ~1 ms.
        Optional<MapEntry> found = maps.vdso();
        if (found.isEmpty()) {
            throw new VdsoUnavailableException("this process has no [vdso] mapping (vdso=0 on the kernel command line?)");
        }
        MapEntry mapping = found.get();
        long base = base(memory);
        if (base != mapping.start()) {
            throw new VdsoUnavailableException(String.format(
                    "AT_SYSINFO_EHDR 0x%x is not the start of the [vdso] mapping 0x%x", base, mapping.start()));
        }
        if (mapping.size() <= 0 || mapping.size() > MAX_IMAGE) {
            throw new VdsoUnavailableException("implausible [vdso] mapping size " + mapping.size());
        }
        byte[] bytes = read(memory, mapping);
        ElfImage image;
        try {
            image = ElfImage.parse(bytes);
        } catch (ElfFormatException e) {
            throw new VdsoUnavailableException("the vDSO image is not a valid ELF image: " + e.getMessage(), e);
        }
        String arch = HostFacts.arch();
        if (!image.machineName().equals(arch)) {
            throw new VdsoUnavailableException("the vDSO is built for " + image.machineName() + ", this JVM runs on " + arch);
        }
        Optional<ArchSymbols> known = ArchSymbols.forArch(arch);
        if (known.isEmpty()) {
            throw new VdsoUnavailableException("no known vDSO clock_gettime symbol for architecture " + arch);
        }
        ArchSymbols names = known.get();
        Optional<ElfSymbol> exported = image.find(names.clockGettime(), names.version());
        if (exported.isEmpty()) {
            throw new VdsoUnavailableException("the vDSO exports no " + names.clockGettime() + "@" + names.version());
        }
        ElfSymbol symbol = exported.get();
        long address = base + symbol.offset();
        boolean inLoadSegment = symbol.offset() >= image.loadOffset()
                && symbol.offset() < image.loadOffset() + image.loadMemSize();
        if (!inLoadSegment || !mapping.contains(address)) {
            throw new VdsoUnavailableException(String.format(
                    "%s resolves to 0x%x, outside the vDSO's load segment or mapping", symbol.name(), address));
        }
        return new Vdso(base, maps.entries(), image, bytes, symbol, address, memory.description());
    }

    private static long base(VdsoMemory memory) throws VdsoUnavailableException {
        try {
            long base = memory.base();
            if (base == 0) {
                throw new VdsoUnavailableException("the kernel gave this process no vDSO (AT_SYSINFO_EHDR is 0)");
            }
            return base;
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new VdsoUnavailableException("cannot locate the vDSO through " + memory.description() + ": " + e, e);
        }
    }

    private static byte[] read(VdsoMemory memory, MapEntry mapping) throws VdsoUnavailableException {
        try {
            return memory.read(mapping);
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new VdsoUnavailableException("cannot read the vDSO image through " + memory.description() + ": " + e, e);
        }
    }
}
