package io.github.vdsoagent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vdsoagent.fixtures.TimeCalls;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

class ConstantPoolPrefixTest {
    private static final Path CORPUS = Paths.get(System.getProperty("vdsoagent.corpus", "target/corpus"));

    @Test
    void stopsAtThePoolsEndWhateverSizesTheStreamReadsIn() throws IOException {
        for (Class<?> c : new Class<?>[]{TimeCalls.class, String.class, ConstantPoolScanner.class, Long.class}) {
            byte[] whole = classFile(c);
            int poolEnd = ConstantPoolScanner.poolOffsets(whole)[0];
            for (int seed = 0; seed < 20; seed++) {
                byte[] prefix = ConstantPoolPrefix.read(new Trickle(whole, new Random(seed)));
                assertEquals(poolEnd, prefix.length, c.getName());
                assertArrayEquals(Arrays.copyOf(whole, poolEnd), prefix, c.getName());
            }
            assertEquals(ConstantPoolScanner.mayCallTimeApi(whole),
                    ConstantPoolScanner.mayCallTimeApi(ConstantPoolPrefix.read(new ByteArrayInputStream(whole))));
        }
        assertTrue(ConstantPoolScanner.mayCallTimeApi(ConstantPoolPrefix.read(
                new ByteArrayInputStream(classFile(TimeCalls.class)))));
    }

    @Test
    void answersLikeTheWholeClassForEveryClassOfTheCorpus() throws IOException {
        int read = 0;
        try (var jars = Files.list(CORPUS)) {
            for (Path jar : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                        ZipEntry entry = e.nextElement();
                        if (!entry.getName().endsWith(".class")) {
                            continue;
                        }
                        byte[] whole;
                        byte[] prefix;
                        try (InputStream in = zip.getInputStream(entry)) {
                            whole = in.readAllBytes();
                        }
                        try (InputStream in = zip.getInputStream(entry)) {
                            prefix = ConstantPoolPrefix.read(in);
                        }
                        assertEquals(ConstantPoolScanner.mayCallTimeApi(whole), ConstantPoolScanner.mayCallTimeApi(prefix),
                                jar.getFileName() + "!" + entry.getName());
                        read++;
                    }
                }
            }
        }
        assertTrue(read > 1000, "the corpus has " + read + " classes");
    }

    @Test
    void truncatedOrForeignBytesScanAsNoTimeCalls() throws IOException {
        byte[] whole = classFile(TimeCalls.class);
        int poolEnd = ConstantPoolScanner.poolOffsets(whole)[0];
        byte[] cut = Arrays.copyOf(whole, poolEnd / 2);
        assertArrayEquals(cut, ConstantPoolPrefix.read(new ByteArrayInputStream(cut)));
        assertFalse(ConstantPoolScanner.mayCallTimeApi(ConstantPoolPrefix.read(new ByteArrayInputStream(cut))));

        byte[] foreign = new byte[5000];
        new Random(1).nextBytes(foreign);
        foreign[10] = 99; // a tag no class file has, right where the pool starts
        byte[] read = ConstantPoolPrefix.read(new ByteArrayInputStream(foreign));
        assertArrayEquals(Arrays.copyOf(foreign, read.length), read);
        assertFalse(ConstantPoolScanner.mayCallTimeApi(read));
        assertArrayEquals(new byte[0], ConstantPoolPrefix.read(new ByteArrayInputStream(new byte[0])));
    }

    private static byte[] classFile(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** A stream that hands out its bytes a random few at a time, as an inflater may. */
    private static final class Trickle extends FilterInputStream {
        private final Random random;

        Trickle(byte[] bytes, Random random) {
            super(new ByteArrayInputStream(bytes));
            this.random = random;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + random.nextInt(40)));
        }
    }
}
