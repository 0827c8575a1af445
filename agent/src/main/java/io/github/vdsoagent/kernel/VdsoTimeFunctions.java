package io.github.vdsoagent.kernel;

import io.github.vdsoagent.elf.ElfImage;
import io.github.vdsoagent.elf.ElfSymbol;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.host.MapEntry;
import io.github.vdsoagent.vdso.ArchSymbols;
import io.github.vdsoagent.vdso.Vdso;

import java.util.Optional;

/**
 * Where the resolved vDSO's gettimeofday and time are, under the architecture's own names and version and checked
 * as the resolver checks clock_gettime: inside the image's load segment and the [vdso] mapping. 0 where there is no
 * such function (time on arm64 and riscv64), or it fails a check.
 */
final class VdsoTimeFunctions {
    private static final String CLOCK_GETTIME = "clock_gettime";

    private VdsoTimeFunctions() {
    }

    static long gettimeofday(Vdso vdso) {
        return address(vdso, "gettimeofday");
    }

    static long time(Vdso vdso) {
        return address(vdso, "time");
    }

    private static long address(Vdso vdso, String function) {
        Optional<ArchSymbols> names = ArchSymbols.forArch(HostFacts.arch());
        if (names.isEmpty() || !names.get().clockGettime().endsWith(CLOCK_GETTIME)) {
            return 0;
        }
        String clockGettime = names.get().clockGettime();
        String prefix = clockGettime.substring(0, clockGettime.length() - CLOCK_GETTIME.length());
        Optional<ElfSymbol> symbol = vdso.image().find(prefix + function, names.get().version());
        if (symbol.isEmpty()) {
            return 0;
        }
        ElfImage image = vdso.image();
        long offset = symbol.get().offset();
        long address = vdso.base() + offset;
        boolean inLoadSegment = offset >= image.loadOffset() && offset < image.loadOffset() + image.loadMemSize();
        return inLoadSegment && inMapping(vdso, address) ? address : 0;
    }

    private static boolean inMapping(Vdso vdso, long address) {
        for (MapEntry entry : vdso.maps()) {
            if ("[vdso]".equals(entry.name()) && entry.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
