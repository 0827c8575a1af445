package io.github.vdsoagent.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The layering docs/architecture.md draws, held by the code: each package of the agent uses only the packages
 * below it in the doc's list, and every package is in the list.
 */
class LayeringTest {
    private static final Path SOURCES = Paths.get("src/main/java/io/github/vdsoagent");
    private static final Path ARCHITECTURE = Paths.get("../docs/architecture.md");
    private static final Pattern REFERENCE = Pattern.compile("io\\.github\\.vdsoagent\\.([a-z]+)\\.");

    /** The doc's layers, bottom first. */
    static List<String> layers() throws IOException {
        List<String> lines = Files.readAllLines(ARCHITECTURE, StandardCharsets.UTF_8);
        int start = lines.indexOf("<!-- layers: top first; LayeringTest reads this block -->");
        List<String> topFirst = new ArrayList<>();
        for (int i = start + 2; i < lines.size() && !lines.get(i).equals("```"); i++) {
            topFirst.add(lines.get(i).split("\\s+")[0]);
        }
        assertFalse(start < 0 || topFirst.isEmpty(), "docs/architecture.md has no layers block");
        List<String> bottomFirst = new ArrayList<>(topFirst);
        java.util.Collections.reverse(bottomFirst);
        return bottomFirst;
    }

    @Test
    void everyPackageUsesOnlyThoseBelowIt() throws IOException {
        List<String> layers = layers();
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String own = SOURCES.relativize(file).getName(0).toString();
                String code = withoutCommentsAndStrings(Files.readString(file, StandardCharsets.UTF_8));
                Matcher m = REFERENCE.matcher(code);
                Set<String> used = new TreeSet<>();
                while (m.find()) {
                    used.add(m.group(1));
                }
                for (String other : used) {
                    if (layers.indexOf(other) > layers.indexOf(own)) {
                        violations.add(SOURCES.relativize(file) + " (" + own + ") uses " + other + ", a layer above");
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "docs/architecture.md's layers, bottom first: " + layers);
    }

    @Test
    void everyPackageIsInTheDocsLayers() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            dirs.filter(Files::isDirectory).forEach(d -> packages.add(d.getFileName().toString()));
        }
        Set<String> documented = new TreeSet<>(layers());
        assertEquals(documented, packages, "docs/architecture.md's layers and the packages of agent/src/main");
    }

    /** The code without comments and string literals, where a package's name may appear without being used. */
    static String withoutCommentsAndStrings(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
