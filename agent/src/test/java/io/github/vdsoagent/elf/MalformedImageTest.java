package io.github.vdsoagent.elf;

import static io.github.vdsoagent.elf.ImageEditor.DT_DEBUG;
import static io.github.vdsoagent.elf.ImageEditor.DT_GNU_HASH;
import static io.github.vdsoagent.elf.ImageEditor.DT_HASH;
import static io.github.vdsoagent.elf.ImageEditor.DT_SONAME;
import static io.github.vdsoagent.elf.ImageEditor.DT_STRSZ;
import static io.github.vdsoagent.elf.ImageEditor.DT_STRTAB;
import static io.github.vdsoagent.elf.ImageEditor.DT_SYMENT;
import static io.github.vdsoagent.elf.ImageEditor.DT_SYMTAB;
import static io.github.vdsoagent.elf.ImageEditor.DT_VERDEF;
import static io.github.vdsoagent.elf.ImageEditor.DT_VERDEFNUM;
import static io.github.vdsoagent.elf.ImageEditor.DT_VERSYM;
import static io.github.vdsoagent.elf.ImageEditor.PT_DYNAMIC;
import static io.github.vdsoagent.elf.ImageEditor.PT_LOAD;
import static io.github.vdsoagent.elf.ImageEditor.PT_NOTE;
import static io.github.vdsoagent.elf.ImageEditor.PT_NULL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Images made malformed one defect at a time, by rewriting the live vDSO of this JVM at offsets found by walking
 * it ({@link ImageEditor}). Each must be refused with an ElfFormatException whose one-line message names the
 * defect; the last few defects are ones the parser must tolerate.
 */
class MalformedImageTest {
    private ImageEditor e;
    private String elf;

    @BeforeEach
    void loadLiveImage() throws IOException {
        e = new ImageEditor(LiveVdso.bytes());
        elf = e.is64 ? "ELF64" : "ELF32";
    }

    private static ElfFormatException rejected(byte[] image, String... fragments) {
        ElfFormatException ex = assertThrows(ElfFormatException.class, () -> ElfImage.parse(image));
        String message = ex.getMessage();
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "\"" + message + "\" does not say \"" + fragment + "\"");
        }
        assertFalse(message.contains("\n"), "one line");
        return ex;
    }

    private ElfFormatException rejected(String... fragments) {
        return rejected(e.bytes(), fragments);
    }

    private int onlyPhdr(long type) {
        int i = e.findPhdr(type);
        assertTrue(i >= 0);
        return i;
    }

    @Nested
    class ElfHeaderDefects {
        @Test
        void badMagic() {
            e.put(1, 1, 'X');
            rejected("bad ELF magic 7f 58 4c 46");
        }

        @Test
        void wrongClass() {
            e.put(4, 1, 3);
            rejected("unsupported ELF class 3");
        }

        @Test
        void badDataEncoding() {
            e.put(5, 1, 0);
            rejected("unsupported data encoding 0");
        }

        @Test
        void badIdentificationVersion() {
            e.put(6, 1, 2);
            rejected("unsupported ELF version 2 in e_ident[EI_VERSION]");
        }

        @Test
        void truncatedIdentification() {
            rejected(e.slice(0, 10), "truncated ELF header", "10 bytes");
        }

        @Test
        void truncatedHeader() {
            rejected(e.slice(0, 40), "truncated ELF header", "40 bytes", "an " + elf + " header needs");
        }

        @Test
        void notASharedObject() {
            e.put(16, 2, 2);
            rejected("e_type 2 is not ET_DYN");
        }

        @Test
        void wrongProgramHeaderSize() {
            e.put(e.phentsizeField(), 2, 40);
            rejected("e_phentsize 40 does not match the " + elf + " program header size");
        }

        @Test
        void headerSizeTooSmall() {
            e.put(e.ehsizeField(), 2, 20);
            rejected("e_ehsize 20");
        }

        @Test
        void noProgramHeaders() {
            e.put(e.phnumField(), 2, 0);
            rejected("no program headers");
        }

        @Test
        void programHeaderTableOffsetPastTheEnd() {
            e.putWord(e.phoffField(), e.length() + 64);
            rejected("e_phoff 0x" + Long.toHexString(e.length() + 64) + " is past the end of the image");
        }

        @Test
        void programHeaderOffsetAtTheTopOfItsRange() {
            e.putWord(e.phoffField(), -8);
            rejected("e_phoff " + (e.is64 ? "0xfffffffffffffff8" : "0xfffffff8") + " is past the end of the image");
        }

        @Test
        void truncatedProgramHeaders() {
            int end = e.phdr(e.phnum() - 1) + (e.is64 ? 56 : 32);
            rejected(e.slice(0, end - 1), "program header table", "extends past the end of the image");
        }
    }

    @Nested
    class ProgramHeaderDefects {
        @Test
        void firstLoadNotExecutable() {
            int load = onlyPhdr(PT_LOAD);
            e.put(e.pFlags(load), 4, e.get(e.pFlags(load), 4) & ~1L);
            rejected("first PT_LOAD (program header " + load + ") is not readable and executable");
        }

        @Test
        void firstLoadNotReadable() {
            int load = onlyPhdr(PT_LOAD);
            e.put(e.pFlags(load), 4, 1);
            rejected("is not readable and executable (p_flags 0x1");
        }

        @Test
        void firstLoadLargerThanTheImage() {
            int load = onlyPhdr(PT_LOAD);
            e.putWord(e.pMemsz(load), e.length() + 1L);
            rejected("first PT_LOAD", "extends past the end of the image");
        }

        @Test
        void loadFileSizeLargerThanMemorySize() {
            int load = onlyPhdr(PT_LOAD);
            e.putWord(e.pFilesz(load), e.word(e.pMemsz(load)) + 1);
            rejected("larger than p_memsz");
        }

        @Test
        void noLoadSegment() {
            e.put(e.phdr(onlyPhdr(PT_LOAD)), 4, PT_NULL);
            rejected("no PT_LOAD");
        }

        @Test
        void noDynamicSegment() {
            e.put(e.phdr(onlyPhdr(PT_DYNAMIC)), 4, PT_NULL);
            rejected("no PT_DYNAMIC");
        }

        @Test
        void twoDynamicSegments() {
            int note = e.findPhdr(PT_NOTE);
            Assumptions.assumeTrue(note >= 0, "the live vDSO has no PT_NOTE to turn into a second PT_DYNAMIC");
            e.put(e.phdr(note), 4, PT_DYNAMIC);
            rejected("more than one PT_DYNAMIC");
        }

        @Test
        void dynamicSectionPastTheEnd() {
            e.putWord(e.pOffset(onlyPhdr(PT_DYNAMIC)), e.length() - 8L);
            rejected("PT_DYNAMIC (program header", "extends past the end of the image");
        }

        @Test
        void dynamicSectionWithoutTerminator() {
            int entries = e.dynEntries().size() - 1;
            e.putWord(e.pFilesz(onlyPhdr(PT_DYNAMIC)), (long) entries * 2 * e.wordSize());
            rejected("no DT_NULL terminator within PT_DYNAMIC");
        }
    }

    @Nested
    class DynamicSectionDefects {
        @Test
        void duplicateStringTable() {
            e.retag(DT_SONAME, DT_STRTAB);
            rejected("more than one DT_STRTAB");
        }

        @Test
        void noStringTable() {
            e.retag(DT_STRTAB, DT_DEBUG);
            rejected("dynamic section has no DT_STRTAB");
        }

        @Test
        void noSymbolTable() {
            e.retag(DT_SYMTAB, DT_DEBUG);
            rejected("dynamic section has no DT_SYMTAB");
        }

        @Test
        void stringTablePastTheEnd() {
            e.setDyn(DT_STRTAB, e.toVaddr(e.length()));
            rejected("string table (DT_STRTAB", "extends past the end of the image");
        }

        @Test
        void stringTableSizePastTheEnd() {
            e.setDyn(DT_STRSZ, e.length());
            rejected("string table (DT_STRTAB, DT_STRSZ " + e.length() + ")", "extends past the end");
        }

        @Test
        void stringTableAddressFarPastTheEnd() {
            e.setDyn(DT_STRTAB, -16);
            rejected("string table (DT_STRTAB", "lies past the end of the image");
        }

        @Test
        void symbolTablePastTheEnd() {
            e.setDyn(DT_SYMTAB, e.toVaddr(e.length() - 8));
            rejected("symbol table (DT_SYMTAB", "extends past the end of the image");
        }

        @Test
        void symbolEntrySizeMismatch() {
            e.setDyn(DT_SYMENT, e.is64 ? 16 : 24);
            rejected("DT_SYMENT " + (e.is64 ? 16 : 24) + " does not match the " + elf + " symbol size "
                    + (e.is64 ? 24 : 16));
        }

        @Test
        void noHashTableAtAll() {
            if (e.hasDyn(DT_HASH)) {
                e.retag(DT_HASH, DT_DEBUG);
            }
            e.retag(DT_GNU_HASH, DT_DEBUG);
            rejected("neither DT_HASH nor DT_GNU_HASH");
        }

        @Test
        void sonameNotInTheStringTable() {
            e.setDyn(DT_SONAME, e.dyn(DT_STRSZ));
            rejected("DT_SONAME: string offset", "is outside the string table");
        }
    }

    @Nested
    class SysvHashDefects {
        @BeforeEach
        void needsSysvHash() {
            Assumptions.assumeTrue(e.hasDyn(DT_HASH), "the live vDSO has no DT_HASH");
        }

        private int entry(int i) {
            return e.table(DT_HASH) + i * e.sysvEntrySize();
        }

        private int nbucket() {
            return (int) e.get(entry(0), e.sysvEntrySize());
        }

        /** The first non-empty bucket's first symbol. */
        private int chainStart() {
            for (int b = 0; b < nbucket(); b++) {
                int start = (int) e.get(entry(2 + b), e.sysvEntrySize());
                if (start != 0) {
                    return start;
                }
            }
            throw new AssertionError("all buckets empty");
        }

        private int chainEntry(int symbol) {
            return entry(2 + nbucket() + symbol);
        }

        @Test
        void chainThatLoops() {
            int start = chainStart();
            e.put(chainEntry(start), e.sysvEntrySize(), start);
            rejected("DT_HASH chain from bucket", "reaches symbol " + start + " a second time (the chain loops)");
        }

        @Test
        void chainThatLeavesTheTable() {
            int nchain = (int) e.get(entry(1), e.sysvEntrySize());
            e.put(chainEntry(chainStart()), e.sysvEntrySize(), nchain);
            rejected("DT_HASH chain entry " + chainStart() + " refers to symbol " + nchain + ", beyond nchain");
        }

        @Test
        void noBuckets() {
            e.put(entry(0), e.sysvEntrySize(), 0);
            rejected("DT_HASH has no buckets");
        }

        @Test
        void tablePastTheEnd() {
            e.put(entry(0), e.sysvEntrySize(), e.length());
            rejected("DT_HASH table (nbucket " + e.length(), "extends past the end");
        }

        @Test
        void symbolCountOverTheLimit() {
            e.put(entry(1), e.sysvEntrySize(), 0x7fffffff);
            rejected("DT_HASH nchain 2147483647 exceeds the limit of 65536 symbols");
        }
    }

    @Nested
    class GnuHashDefects {
        private int[] parts;
        private int symoffset;

        @BeforeEach
        void needsGnuHash() {
            Assumptions.assumeTrue(e.hasDyn(DT_GNU_HASH), "the live vDSO has no DT_GNU_HASH");
            parts = e.gnuHashParts();
            symoffset = (int) e.get(parts[0] + 4, 4);
        }

        /**
         * Points DT_GNU_HASH at a copy of the table placed at the very end of the image, with the end marker of its
         * last chain word cleared and {@code tail} appended right after that word.
         */
        private void relocateWithUnendedChain(byte[] tail) {
            int end = parts[2] + 4 * (e.symbolCount() - symoffset);
            byte[] table = Arrays.copyOf(e.slice(parts[0], end), end - parts[0] + tail.length);
            System.arraycopy(tail, 0, table, end - parts[0], tail.length);
            int last = end - 4 - parts[0];
            table[e.little ? last : last + 3] &= ~1;
            e.setDyn(DT_GNU_HASH, e.append(table));
        }

        @Test
        void chainThatRunsPastTheEnd() {
            relocateWithUnendedChain(new byte[0]);
            rejected("DT_GNU_HASH chain from symbol", "runs past the end of the image", "without an end marker");
        }

        @Test
        void chainThatNeverEnds() {
            relocateWithUnendedChain(new byte[4 * (Limits.MAX_SYMBOLS + 16)]);
            rejected("DT_GNU_HASH chain from symbol", "does not end within the limit of 65536 symbols");
        }

        @Test
        void noBuckets() {
            e.put(parts[0], 4, 0);
            rejected("DT_GNU_HASH has no buckets");
        }

        @Test
        void bucketBelowSymoffset() {
            e.put(parts[0] + 4, 4, e.symbolCount() + 1L);
            rejected("DT_GNU_HASH bucket", "outside [symoffset " + (e.symbolCount() + 1));
        }

        @Test
        void bloomFilterPastTheEnd() {
            e.put(parts[0] + 8, 4, 0x10000000);
            rejected("DT_GNU_HASH buckets", "after 268435456 bloom words) extends past the end");
        }

        @Test
        void chainsLongerThanDtHashSays() {
            Assumptions.assumeTrue(e.hasDyn(DT_HASH), "the live vDSO has no DT_HASH to disagree with");
            // One more chain word, with the end marker: the GNU chains now cover one symbol more than nchain.
            byte[] marker = new byte[4];
            marker[e.little ? 0 : 3] = 1;
            relocateWithUnendedChain(marker);
            rejected("DT_GNU_HASH chains reach symbol " + e.symbolCount(), "but DT_HASH says");
        }
    }

    @Nested
    class SymbolDefects {
        @Test
        void nameOutsideTheStringTable() {
            int i = e.firstFunction();
            e.put(e.sym(i), 4, e.dyn(DT_STRSZ) + 5);
            rejected("name of symbol " + i + ": string offset", "is outside the string table (DT_STRSZ");
        }

        /** DT_STRSZ cut so that the string read last loses its NUL; all others end before it. */
        @Test
        void stringNotTerminatedWithinTheTable() {
            List<Long> read = new ArrayList<>();
            read.add(e.dyn(DT_SONAME));
            for (int i = 1; i < e.symbolCount(); i++) {
                if ((e.get(e.stInfo(i), 1) & 0xf) == 2 && e.get(e.stShndx(i), 2) != 0) {
                    read.add(e.get(e.sym(i), 4)); // a function's name: the others are never read
                }
            }
            if (e.hasDyn(DT_VERDEF)) {
                for (int at : e.verdefs()) {
                    read.add(e.get(at + (int) e.get(at + 12, 4), 4));
                }
            }
            long last = Collections.max(read);
            long cut = last + e.string(last).length();
            e.setDyn(DT_STRSZ, cut);
            rejected("is not NUL-terminated within the string table (DT_STRSZ " + cut + ")");
        }

        @Test
        void valueOutsideTheLoadSegment() {
            int i = e.firstFunction();
            int load = e.findPhdr(PT_LOAD);
            e.putWord(e.stValue(i), e.loadVaddr() + e.word(e.pMemsz(load)));
            rejected("symbol '" + e.symbolName(i) + "' has st_value", "outside the first PT_LOAD");
        }

        @Test
        void valueBelowTheLoadSegmentWrapsToOutside() {
            int i = e.firstFunction();
            e.putWord(e.stValue(i), e.loadVaddr() - 1);
            rejected("outside the first PT_LOAD");
        }

        @Test
        void undefinedAndNonFunctionSymbolsAreNotListed() throws Exception {
            int i = e.firstFunction();
            String name = e.symbolName(i);
            int before = ElfImage.parse(e.bytes()).functions().size();

            ImageEditor undefined = new ImageEditor(e.bytes()).put(e.stShndx(i), 2, 0);
            ElfImage u = ElfImage.parse(undefined.bytes());
            assertEquals(before - 1, u.functions().size());
            assertEquals(Optional.empty(), u.find(name, null), "SHN_UNDEF is no definition");

            ImageEditor object = new ImageEditor(e.bytes()).put(e.stInfo(i), 1, (1 << 4) | 1);
            assertEquals(Optional.empty(), ElfImage.parse(object.bytes()).find(name, null), "STT_OBJECT");

            ImageEditor local = new ImageEditor(e.bytes()).put(e.stInfo(i), 1, 2);
            assertEquals(Optional.empty(), ElfImage.parse(local.bytes()).find(name, null), "STB_LOCAL");
        }
    }

    @Nested
    class VersionDefects {
        private List<Integer> verdefs;

        @BeforeEach
        void needsVersions() {
            Assumptions.assumeTrue(e.hasDyn(DT_VERDEF) && e.hasDyn(DT_VERSYM), "the live vDSO is unversioned");
            verdefs = e.verdefs();
        }

        private int lastVerdef() {
            return verdefs.get(verdefs.size() - 1);
        }

        @Test
        void chainThatRunsPastTheEnd() {
            e.put(lastVerdef() + 16, 4, e.length());
            rejected("version definition " + (verdefs.size() - 1), "has vd_next", "runs past the end of the image");
        }

        /**
         * A vd_next that would point back at the previous entry in 32-bit pointer arithmetic (a two-entry loop for a
         * C parser on a 32-bit machine); offsets here are unsigned and only move forward, so it lands past the end.
         */
        @Test
        void chainThatWouldLoopBack() {
            Assumptions.assumeTrue(verdefs.size() >= 2, "the live vDSO has a single version definition");
            int back = verdefs.get(verdefs.size() - 1) - verdefs.get(verdefs.size() - 2);
            e.put(lastVerdef() + 16, 4, 0x1_0000_0000L - back);
            rejected("has vd_next 0x" + Long.toHexString(0x1_0000_0000L - back), "runs past the end of the image");
        }

        @Test
        void entriesThatOverlap() {
            e.put(verdefs.get(0) + 16, 4, 4);
            rejected("version definition 0", "has vd_next 4, less than the entry's own 20 bytes");
        }

        @Test
        void moreEntriesThanVerdefnum() {
            Assumptions.assumeTrue(verdefs.size() >= 2 && e.hasDyn(DT_VERDEFNUM), "needs two definitions");
            e.setDyn(DT_VERDEFNUM, 1);
            rejected("version definition chain is longer than DT_VERDEFNUM (1)");
        }

        @Test
        void unsupportedRevision() {
            e.put(lastVerdef(), 2, 2);
            rejected("has vd_version 2 (expected 1)");
        }

        @Test
        void auxiliaryEntryPastTheEnd() {
            e.put(lastVerdef() + 12, 4, e.length());
            rejected("its first Verdaux (vd_aux " + e.length() + ")", "extends past the end of the image");
        }

        @Test
        void definitionWithoutName() {
            e.put(lastVerdef() + 6, 2, 0);
            rejected("has no name (vd_cnt is 0)");
        }

        @Test
        void versionIndexDefinedTwice() {
            Assumptions.assumeTrue(verdefs.size() >= 2, "needs two definitions");
            int base = verdefs.get(0);
            e.put(base + 2, 2, 0); // no longer the base definition
            e.put(base + 4, 2, e.get(lastVerdef() + 4, 2));
            rejected("defines version index " + e.get(lastVerdef() + 4, 2) + " a second time");
        }

        @Test
        void symbolWithUndefinedVersionIndex() {
            int i = e.firstFunction();
            e.put(e.table(DT_VERSYM) + 2 * i, 2, 0x7ff0);
            rejected("has version index 32752, which no version definition (DT_VERDEF) defines");
        }

        @Test
        void versionSymbolTablePastTheEnd() {
            e.setDyn(DT_VERSYM, e.toVaddr(e.length() - 2));
            rejected("version symbol table (DT_VERSYM", "extends past the end of the image");
        }

        /** Bit 15 of a versym entry marks a hidden version; the index is in the low 15 bits. */
        @Test
        void hiddenBitIsMaskedOff() throws Exception {
            ElfSymbol before = ElfImage.parse(e.bytes()).functions().get(0);
            int i = e.firstFunction();
            int at = e.table(DT_VERSYM) + 2 * i;
            e.put(at, 2, e.get(at, 2) | 0x8000);
            ElfImage image = ElfImage.parse(e.bytes());
            ElfSymbol hidden = image.functions().get(0);
            assertEquals(before.name(), hidden.name());
            assertEquals(before.version(), hidden.version());
            assertTrue(hidden.hiddenVersion());
            assertEquals(Optional.of(hidden), image.find(hidden.name(), hidden.version()));
            assertEquals(Optional.of(hidden), image.find(hidden.name(), null), "the only definition, hidden or not");
        }

        @Test
        void imageWithoutVersionDefinitionsIsUnversioned() throws Exception {
            List<ElfSymbol> versioned = ElfImage.parse(e.bytes()).functions();
            e.retag(DT_VERDEF, DT_DEBUG);
            if (e.hasDyn(DT_VERDEFNUM)) {
                e.retag(DT_VERDEFNUM, DT_DEBUG);
            }
            e.retag(DT_VERSYM, DT_DEBUG);
            ElfImage image = ElfImage.parse(e.bytes());
            assertEquals(versioned.size(), image.functions().size());
            for (int k = 0; k < versioned.size(); k++) {
                ElfSymbol v = versioned.get(k);
                ElfSymbol u = image.functions().get(k);
                assertEquals(v.name(), u.name());
                assertEquals(v.value(), u.value());
                assertNull(u.version());
                assertFalse(u.hiddenVersion());
                // As in the dynamic linker, a versioned request is satisfied by an unversioned definition.
                assertEquals(Optional.of(u), image.find(u.name(), v.version()));
                assertEquals(Optional.of(u), image.find(u.name(), null));
            }
        }

        @Test
        void versymWithoutVerdefIsUnversioned() throws Exception {
            e.retag(DT_VERDEF, DT_DEBUG);
            for (ElfSymbol s : ElfImage.parse(e.bytes()).functions()) {
                assertNull(s.version(), s.toString());
            }
        }
    }

    @Nested
    class ToleratedVariants {
        @Test
        void onlyGnuHash() throws Exception {
            Assumptions.assumeTrue(e.hasDyn(DT_HASH) && e.hasDyn(DT_GNU_HASH), "needs both tables to drop one");
            List<ElfSymbol> all = ElfImage.parse(e.bytes()).functions();
            e.retag(DT_HASH, DT_DEBUG);
            ElfImage image = ElfImage.parse(e.bytes());
            assertFalse(image.hasSysvHash());
            assertEquals(all, image.functions(), "the GNU chains imply the same symbol count");
            for (ElfSymbol s : all) {
                assertEquals(Optional.of(s), image.find(s.name(), s.version()));
            }
        }

        @Test
        void onlySysvHash() throws Exception {
            Assumptions.assumeTrue(e.hasDyn(DT_HASH) && e.hasDyn(DT_GNU_HASH), "needs both tables to drop one");
            List<ElfSymbol> all = ElfImage.parse(e.bytes()).functions();
            e.retag(DT_GNU_HASH, DT_DEBUG);
            ElfImage image = ElfImage.parse(e.bytes());
            assertFalse(image.hasGnuHash());
            assertEquals(all, image.functions());
            for (ElfSymbol s : all) {
                assertEquals(Optional.of(s), image.find(s.name(), s.version()));
            }
        }

        @Test
        void noSoname() throws Exception {
            e.retag(DT_SONAME, DT_DEBUG);
            assertNull(ElfImage.parse(e.bytes()).soname());
        }

        @Test
        void unknownMachineIsRecordedNotRejected() throws Exception {
            e.put(18, 2, 0x1234);
            ElfImage image = ElfImage.parse(e.bytes());
            assertEquals(0x1234, image.machine());
            assertEquals("unknown(4660)", image.machineName());
        }

        @Test
        void extraBytesAfterTheImageAreIgnored() throws Exception {
            List<ElfSymbol> all = ElfImage.parse(e.bytes()).functions();
            assertEquals(all, ElfImage.parse(Arrays.copyOf(e.bytes(), e.length() + 4096)).functions());
        }
    }
}
