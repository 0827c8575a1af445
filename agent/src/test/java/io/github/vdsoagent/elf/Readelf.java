package io.github.vdsoagent.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs binutils' readelf on an image and lists its exported, defined functions in the same one-line form as
 * {@link #describe(ElfSymbol)}, so that a parse can be compared with an independent reading of the same bytes.
 */
final class Readelf {
    private Readelf() {
    }

    /** Why readelf cannot be used here, or empty if it can. */
    static Optional<String> missing() {
        return Tools.missing("readelf", "binutils");
    }

    /** The form both sides are compared in: {@code name@@VERSION GLOBAL value=0x350 size=4}. */
    static String describe(ElfSymbol s) {
        String version = s.version() == null ? "" : (s.hiddenVersion() ? "@" : "@@") + s.version();
        return s.name() + version + " " + s.binding() + " value=0x" + Long.toHexString(s.value()) + " size="
                + Long.toUnsignedString(s.size());
    }

    static List<String> describeAll(List<ElfSymbol> symbols) {
        List<String> out = new ArrayList<>();
        for (ElfSymbol s : symbols) {
            out.add(describe(s));
        }
        Collections.sort(out);
        return out;
    }

    /** Defined FUNC symbols with GLOBAL or WEAK binding, as readelf --dyn-syms -V -W prints them, sorted. */
    static List<String> functions(byte[] image) throws IOException, InterruptedException {
        Path file = Files.createTempFile("vdso-elf-", ".so");
        try {
            Files.write(file, image);
            return parse(run(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String run(Path file) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("readelf", "--dyn-syms", "-V", "-W", file.toString());
        pb.environment().put("LC_ALL", "C");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("readelf failed on " + file + ":\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * Reads the rows of the ".dynsym" table only (-V adds version tables whose rows look alike). A row is
     * {@code Num: Value Size Type Bind Vis [flags...] Ndx Name[@[@]VERSION] [(n)]}; the visibility may be followed by
     * bracketed flags such as aarch64's [VARIANT_PCS], so Ndx and Name are taken from the end.
     */
    static List<String> parse(String output) {
        List<String> out = new ArrayList<>();
        boolean inDynsym = false;
        int rows = 0;
        for (String line : output.split("\n")) {
            if (line.startsWith("Symbol table '.dynsym'")) {
                inDynsym = true;
                continue;
            }
            if (!inDynsym) {
                continue;
            }
            List<String> t = new ArrayList<>(List.of(line.trim().split("\\s+")));
            if (!t.get(0).matches("\\d+:")) {
                // Before the first row: the column header. After: the blank line or heading that ends the table.
                inDynsym = rows == 0;
                continue;
            }
            rows++;
            if (t.get(t.size() - 1).matches("\\(\\d+\\)")) {
                t.remove(t.size() - 1);
            }
            if (t.size() < 8) {
                continue; // no name: the null symbol
            }
            String type = t.get(3);
            String bind = t.get(4);
            String ndx = t.get(t.size() - 2);
            if (!type.equals("FUNC") || !(bind.equals("GLOBAL") || bind.equals("WEAK")) || ndx.equals("UND")) {
                continue;
            }
            long value = Long.parseUnsignedLong(t.get(1), 16);
            String sizeText = t.get(2);
            long size = sizeText.startsWith("0x")
                    ? Long.parseUnsignedLong(sizeText.substring(2), 16) : Long.parseUnsignedLong(sizeText);
            out.add(t.get(t.size() - 1) + " " + bind + " value=0x" + Long.toHexString(value) + " size="
                    + Long.toUnsignedString(size));
        }
        Collections.sort(out);
        return out;
    }
}
