package io.github.vdsoagent.launcher;

import io.github.vdsoagent.boot.ClockStub;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Arrays;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class BootStubDefinerTest {
    /** A class added to (or removed from) the boot package must be added to (removed from) the definer's list. */
    @Test
    void theListNamesEveryClassOfTheBootPackage() throws Exception {
        File dir = new File(ClockStub.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toPath().resolve(BootStubDefiner.STUB_PACKAGE).toFile();
        String[] files = dir.list((d, name) -> name.endsWith(".class"));
        assertNotNull(files, dir + " is not a directory of compiled classes");
        TreeSet<String> compiled = new TreeSet<>();
        for (String file : files) {
            compiled.add(file.substring(0, file.length() - ".class".length()));
        }
        assertEquals(compiled, new TreeSet<>(Arrays.asList(BootStubDefiner.STUB_CLASSES)));
    }
}
