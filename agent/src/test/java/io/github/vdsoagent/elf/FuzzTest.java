package io.github.vdsoagent.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vdsoagent.elf.CrossLinker.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutated real images: whatever the bytes, parse() returns or throws ElfFormatException, never anything else and
 * never hangs, and what it returns only points inside the image. The bases are this JVM's vDSO and every
 * cross-linked image whose tools are installed (so 32-bit and big-endian paths are fuzzed too where possible).
 */
class FuzzTest {
    private static final long SEED = 0x7653_4f5e_ed01L;
    private static final int MUTANTS = 6000;

    /** A sound image and the fields the parser reads in it. */
    private static final class Base {
        final String name;
        final byte[] bytes;
        final List<int[]> fields;
        final int metadataEnd;

        Base(String name, byte[] bytes) {
            this.name = name;
            this.bytes = bytes;
            this.fields = new ImageEditor(bytes).fields();
            int end = 0;
            for (int[] f : fields) {
                end = Math.max(end, f[0] + f[1]);
            }
            this.metadataEnd = end;
        }
    }

    private static final List<Base> BASES = new ArrayList<>();

    @BeforeAll
    static void loadBases() throws Exception {
        BASES.add(new Base("live vDSO", LiveVdso.bytes()));
        for (Target t : Target.values()) {
            if (t.missingTools().isEmpty()) {
                BASES.add(new Base(t.name(), CrossLinker.image(t)));
            }
        }
        for (Base b : BASES) {
            ElfImage.parse(b.bytes); // a base must be sound, or the mutants prove nothing
        }
    }

    @Test
    void mutatedImagesParseOrFailCleanly() {
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Random random = new Random(SEED);
            for (int n = 0; n < MUTANTS; n++) {
                Base base = BASES.get(n % BASES.size());
                StringBuilder how = new StringBuilder();
                byte[] mutant = mutate(base, random, how);
                outcomes[check(mutant, "mutant " + n + " of " + base.name + " (seed " + SEED + "):" + how)]++;
            }
        }, "parsing the mutants took too long: a loop that does not end?");
        // Both outcomes must be common, or the mutations are not reaching the checks they are meant to reach.
        assertTrue(outcomes[0] > MUTANTS / 10, "parsed " + outcomes[0] + " of " + MUTANTS);
        assertTrue(outcomes[1] > MUTANTS / 10, "rejected " + outcomes[1] + " of " + MUTANTS);
    }

    @Test
    void everyTruncationParsesOrFailsCleanly() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (Base base : BASES) {
                int shortestParsed = -1;
                for (int length = base.bytes.length; length >= 0; length--) {
                    int outcome = check(Arrays.copyOf(base.bytes, length), base.name + " cut to " + length + " bytes");
                    if (outcome == 0) {
                        shortestParsed = length;
                    }
                }
                ElfImage whole = ElfImage.parse(base.bytes);
                assertEquals(whole.loadOffset() + whole.loadMemSize(), shortestParsed,
                        base.name + ": the image parses exactly as long as it holds the whole first PT_LOAD");
            }
        });
    }

    /** Parses {@code image}; returns 0 if it parsed (and checks what came back), 1 if it was rejected. */
    private static int check(byte[] image, String what) {
        ElfImage parsed;
        try {
            parsed = ElfImage.parse(image);
        } catch (ElfFormatException e) {
            String message = e.getMessage();
            assertTrue(message != null && !message.isBlank() && !message.contains("\n"), what + ": " + message);
            return 1;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError(what + ": " + e, e);
        }
        for (ElfSymbol s : parsed.functions()) {
            assertTrue(s.offset() >= 0 && s.offset() < image.length, what + ": " + s + " lies outside the image");
            assertEquals(s.value() - parsed.loadVaddr() + parsed.loadOffset(), s.offset(), what + ": " + s);
            for (Optional<ElfSymbol> found : List.of(parsed.find(s.name(), s.version()), parsed.find(s.name(), null))) {
                found.ifPresent(f -> assertTrue(parsed.functions().contains(f), what + ": find() gave " + f));
            }
        }
        assertFalse(parsed.find("__vdso_clock_gettime\u0000", "LINUX_2.6").isPresent(), what);
        return 0;
    }

    private static byte[] mutate(Base base, Random random, StringBuilder how) {
        byte[] b = base.bytes.clone();
        int edits = 1 + random.nextInt(3);
        for (int k = 0; k < edits; k++) {
            int kind = random.nextInt(100);
            if (kind < 45) {
                int[] field = base.fields.get(random.nextInt(base.fields.size()));
                if (field[0] + field[1] > b.length) {
                    continue;
                }
                long value = boundaryValue(random, field[1], get(b, field[0], field[1]), b.length);
                put(b, field[0], field[1], value);
                how.append(String.format(" field@0x%x/%d=0x%x", field[0], field[1], value));
            } else if (kind < 75) {
                int limit = random.nextInt(5) == 0 ? b.length : Math.min(b.length, base.metadataEnd);
                if (limit == 0) {
                    continue;
                }
                int at = random.nextInt(limit);
                b[at] ^= (byte) (1 << random.nextInt(8));
                how.append(String.format(" flip@0x%x", at));
            } else if (kind < 85) {
                int length = random.nextInt(b.length + 1);
                b = Arrays.copyOf(b, length);
                how.append(" cut@").append(length);
            } else if (kind < 95) {
                if (b.length == 0) {
                    continue;
                }
                int at = random.nextInt(Math.min(b.length, base.metadataEnd + 1));
                int run = Math.min(b.length - at, 1 + random.nextInt(16));
                byte fill = random.nextBoolean() ? 0 : (byte) 0xff;
                Arrays.fill(b, at, at + run, fill);
                how.append(String.format(" fill@0x%x+%d=%02x", at, run, fill & 0xff));
            } else {
                int extra = 1 + random.nextInt(64);
                b = Arrays.copyOf(b, b.length + extra);
                for (int i = b.length - extra; i < b.length; i++) {
                    b[i] = (byte) random.nextInt();
                }
                how.append(" grow+").append(extra);
            }
        }
        return b;
    }

    /** Values that sit on the edges of the checks: zero, all ones, sign bits, the image length and its neighbours. */
    private static long boundaryValue(Random random, int width, long old, int length) {
        long ones = width == 8 ? -1L : (1L << (8 * width)) - 1;
        switch (random.nextInt(12)) {
            case 0:
                return 0;
            case 1:
                return 1;
            case 2:
                return ones;
            case 3:
                return ones >>> 1;
            case 4:
                return (ones >>> 1) + 1;
            case 5:
                return length & ones;
            case 6:
                return (length - 1) & ones;
            case 7:
                return (length + 1) & ones;
            case 8:
                return (old + 1) & ones;
            case 9:
                return (old - 1) & ones;
            case 10:
                return old ^ (1L << random.nextInt(8 * width));
            default:
                return random.nextLong() & ones;
        }
    }

    private static boolean littleEndian(byte[] b) {
        return b.length < 6 || b[5] != 2;
    }

    private static long get(byte[] b, int at, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (b[littleEndian(b) ? at + width - 1 - i : at + i] & 0xff);
        }
        return v;
    }

    private static void put(byte[] b, int at, int width, long value) {
        boolean little = littleEndian(b);
        for (int i = 0; i < width; i++) {
            b[little ? at + i : at + width - 1 - i] = (byte) (value >>> (8 * i));
        }
    }
}
