package io.github.vdsoagent.vdso;

import com.sun.jna.Pointer;
import io.github.vdsoagent.elf.ElfSymbol;
import io.github.vdsoagent.host.Auxv;
import io.github.vdsoagent.host.MapEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resolver against independent sources: the dynamic loader's own lookup, the auxiliary vector, the maps. */
class VdsoResolverTest {

    @Test
    void clockGettimeIsWhereTheDynamicLoaderFindsIt() throws Exception {
        Vdso vdso = VdsoResolver.resolve(VdsoMemory.JNA);
        Pointer handle = Libc.INSTANCE.dlopen("linux-vdso.so.1", Libc.RTLD_NOLOAD | Libc.RTLD_LAZY);
        assertNotNull(handle, "glibc has linux-vdso.so.1 in its link map");
        try {
            Pointer symbol = Libc.INSTANCE.dlsym(handle, vdso.clockGettime().name());
            assertEquals(Pointer.nativeValue(symbol), vdso.clockGettimeAddress());
        } finally {
            Libc.INSTANCE.dlclose(handle);
        }
    }

    @Test
    void jnaAndProcFindTheSameImage() throws Exception {
        Vdso viaJna = VdsoResolver.resolve(VdsoMemory.JNA);
        Vdso viaProc = VdsoResolver.resolve(VdsoMemory.PROC);
        assertEquals(viaJna.base(), viaProc.base());
        assertEquals(Libc.INSTANCE.getauxval(Auxv.AT_SYSINFO_EHDR), Auxv.get(Auxv.AT_SYSINFO_EHDR));
        assertArrayEquals(viaJna.imageBytes(), viaProc.imageBytes());
        assertEquals(names(viaJna.symbols()), names(viaProc.symbols()));
    }

    @Test
    void theResolvedFunctionLiesInTheExecutableVdsoMapping() throws Exception {
        Vdso vdso = VdsoResolver.resolve();
        MapEntry mapping = vdso.maps().stream().filter(m -> m.name().equals("[vdso]")).findFirst().orElseThrow();
        assertEquals(vdso.base(), mapping.start());
        assertTrue(mapping.contains(vdso.clockGettimeAddress()));
        assertEquals("r-xp", mapping.perms());
        assertTrue(vdso.symbols().size() >= 4, "clock_gettime, gettimeofday, time, getcpu and their aliases");
    }

    private static List<String> names(List<ElfSymbol> symbols) {
        return symbols.stream().map(s -> s.name() + "@" + s.version() + "=" + s.offset()).collect(Collectors.toList());
    }
}
