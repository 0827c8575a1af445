package io.github.vdsoagent.options;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of random and mutated option strings from a fixed seed: each either parses, and then its canonical
 * form parses to the same options, or is rejected with a one-line message. Nothing else escapes, nothing hangs.
 */
class OptionFuzzTest {
    private static final List<String> SEEDS = List.of(
            "include=com.acme.**,exclude=com.acme.Gen*,clock=syscall,report=/tmp/r.json,format=json,interval=500ms,top=5,log=debug",
            "clock=jvm,report=none,kernelcheck=timing", "report=stderr,interval=2h,top=0", "include=a.b.C$D,include=x.*.y?");
    private static final String ALPHABET = "=,.*?$/:;-_ abcdefghijklmnopqrstuvwxyzACKLMSTV0123456789\\\"'\t\n\u00e9\u0000";

    @Test
    void everyInputParsesOrIsRejectedWithOneLine() {
        Random random = new Random(20261127L);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            int parsed = 0;
            for (int i = 0; i < 20_000; i++) {
                String input = i % 2 == 0 ? mutate(SEEDS.get(random.nextInt(SEEDS.size())), random) : noise(random);
                try {
                    AgentOptions options = AgentOptions.parse(input);
                    String canonical = options.toString();
                    if (!AgentOptions.parse(canonical).toString().equals(canonical)) {
                        fail("canonical form is not stable for " + input);
                    }
                    parsed++;
                } catch (OptionException e) {
                    assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), "a rejection says why: " + input);
                    assertFalse(e.getMessage().contains("\n") && !input.contains("\n"), "one line: " + e.getMessage());
                } catch (RuntimeException e) {
                    fail("'" + input + "' threw " + e);
                }
            }
            assertTrue(parsed > 100, "the mutations keep some inputs valid: " + parsed);
        });
    }

    private static String mutate(String seed, Random random) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(4)) {
                case 0:
                    s.deleteCharAt(at);
                    break;
                case 1:
                    s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    break;
                case 2:
                    s.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    break;
                default:
                    s.setLength(at);
            }
        }
        return s.toString();
    }

    private static String noise(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(60);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
