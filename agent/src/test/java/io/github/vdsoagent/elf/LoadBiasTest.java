package io.github.vdsoagent.elf;

import static io.github.vdsoagent.elf.ImageEditor.DT_STRTAB;
import static io.github.vdsoagent.elf.ImageEditor.PT_LOAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Images whose first PT_LOAD does not sit at address 0 and offset 0: symbol offsets must still come out as
 * st_value - p_vaddr + p_offset, computed on unsigned 64-bit addresses.
 */
class LoadBiasTest {
    private ImageEditor e;
    private List<ElfSymbol> original;
    private long base;

    @BeforeEach
    void loadLiveImage() throws Exception {
        byte[] bytes = LiveVdso.bytes();
        original = ElfImage.parse(bytes).functions();
        e = new ImageEditor(bytes);
        // Where x86_64 kernels once linked the vDSO, and where i386 kernels mapped it: both near the top.
        base = e.is64 ? 0xffffffffff700000L : 0xffffe000L;
    }

    private void assertSameFunctionsMovedBy(ElfImage image, long delta) {
        assertEquals(original.size(), image.functions().size());
        for (int i = 0; i < original.size(); i++) {
            ElfSymbol before = original.get(i);
            ElfSymbol after = image.functions().get(i);
            assertEquals(before.name(), after.name());
            assertEquals(before.offset(), after.offset(), "the code has not moved in the image: " + after);
            assertEquals(before.value() + delta, after.value(), after.toString());
            assertEquals(Optional.of(after), image.find(after.name(), after.version()));
        }
    }

    @Test
    void imageLinkedHighInTheAddressSpace() throws Exception {
        ElfImage image = ElfImage.parse(e.rebase(base).bytes());
        assertEquals(base, image.loadVaddr());
        assertTrue(image.loadVaddr() < 0 || !e.is64, "past 2^63: Java sees it negative");
        assertSameFunctionsMovedBy(image, base);
    }

    /** A first PT_LOAD that starts after the headers: p_offset and p_vaddr both nonzero, and different. */
    @Test
    void loadSegmentStartingAfterTheHeaders() throws Exception {
        e.rebase(base);
        int load = e.findPhdr(PT_LOAD);
        long skip = e.word(e.phoffField()) + (long) e.phnum() * (e.is64 ? 56 : 32);
        e.putWord(e.pOffset(load), skip);
        e.putWord(e.pVaddr(load), base + skip);
        e.putWord(e.pFilesz(load), e.word(e.pFilesz(load)) - skip);
        e.putWord(e.pMemsz(load), e.word(e.pMemsz(load)) - skip);

        ElfImage image = ElfImage.parse(e.bytes());
        assertEquals(skip, image.loadOffset());
        assertEquals(base + skip, image.loadVaddr());
        assertSameFunctionsMovedBy(image, base);
    }

    @Test
    void tableBelowTheLoadSegment() {
        e.rebase(base).setDyn(DT_STRTAB, base - 16);
        ElfFormatException ex = assertThrows(ElfFormatException.class, () -> ElfImage.parse(e.bytes()));
        assertEquals("string table (DT_STRTAB, DT_STRSZ " + e.dyn(ImageEditor.DT_STRSZ) + ") at address 0x"
                + Long.toHexString(base - 16) + " is below the first PT_LOAD's p_vaddr 0x" + Long.toHexString(base),
                ex.getMessage());
    }
}
