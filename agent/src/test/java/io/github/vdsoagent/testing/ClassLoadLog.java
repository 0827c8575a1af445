package io.github.vdsoagent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The classes a JVM loaded, in order, from {@code -Xlog:class+load}; on JDK 22 and later also the Java stack that
 * loaded each one ({@code -XX:LogClassLoadingCauseFor=*}, a diagnostic option), which tells what caused a load.
 * {@link #jvmOptions} gives the options that write both logs to files; {@link #read} reads them back.
 */
public final class ClassLoadLog {
    /** The first JDK whose JVM logs the stack that loaded a class (JDK-8193513). */
    private static final int FIRST_JDK_WITH_CAUSES = 22;

    private final List<Loaded> classes;

    private ClassLoadLog(List<Loaded> classes) {
        this.classes = classes;
    }

    /** One class as the JVM loaded it. */
    public static final class Loaded {
        /** As the JVM names it: hidden classes end in /0x..., lambda proxies hold $$Lambda. */
        public final String name;
        /** Where its bytes came from: "shared objects file" (the CDS archive), a jar, or the class that spun it. */
        public final String source;
        /** The Java frames that loaded it, innermost first; empty where the JVM does not log them. */
        public final List<String> stack;

        Loaded(String name, String source, List<String> stack) {
            this.name = name;
            this.source = source;
            this.stack = stack;
        }

        @Override
        public String toString() {
            return name + " (" + source + ")";
        }
    }

    /** Whether this JDK's JVM can log the stack that loaded each class (the child JVM runs the tests' JDK). */
    public static boolean causesLogged() {
        return Runtime.version().feature() >= FIRST_JDK_WITH_CAUSES;
    }

    /** JVM options that write the class-load log (and, where the JVM can, the stacks) to files in {@code dir}. */
    public static List<String> jvmOptions(Path dir) {
        List<String> options = new ArrayList<>();
        options.add("-Xlog:class+load=info:file=" + dir.resolve("class-load.log") + ":none");
        if (causesLogged()) {
            options.add("-XX:+UnlockDiagnosticVMOptions");
            options.add("-XX:LogClassLoadingCauseFor=*");
            options.add("-Xlog:class+load+cause=info:file=" + dir.resolve("class-load-cause.log") + ":none");
        }
        return options;
    }

    /** Reads what a JVM started with {@link #jvmOptions}{@code (dir)} logged. */
    public static ClassLoadLog read(Path dir) throws IOException {
        Map<String, List<String>> stacks = causesLogged() ? stacks(dir.resolve("class-load-cause.log")) : Map.of();
        List<Loaded> classes = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("class-load.log"), StandardCharsets.UTF_8)) {
            int at = line.indexOf(" source: ");
            if (at <= 0) {
                continue;
            }
            String name = line.substring(0, at);
            classes.add(new Loaded(name, line.substring(at + " source: ".length()),
                    stacks.getOrDefault(name, List.of())));
        }
        return new ClassLoadLog(Collections.unmodifiableList(classes));
    }

    /** "Java stack when loading NAME:" then one tab-indented "at FRAME" line per frame (and "- locked" lines). */
    private static Map<String, List<String>> stacks(Path file) throws IOException {
        Map<String, List<String>> stacks = new HashMap<>();
        List<String> current = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("Java stack when loading ") && line.endsWith(":")) {
                String name = line.substring("Java stack when loading ".length(), line.length() - 1);
                current = new ArrayList<>();
                stacks.putIfAbsent(name, current); // a name loaded by two loaders: the first
            } else if (current != null && line.startsWith("\tat ")) {
                current.add(line.substring("\tat ".length()));
            } else if (!line.startsWith("\t")) {
                current = null;
            }
        }
        return stacks;
    }

    public List<Loaded> classes() {
        return classes;
    }

    public boolean contains(String name) {
        for (Loaded c : classes) {
            if (c.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The classes' names as {@link #normalize} gives them. */
    public Set<String> normalizedNames() {
        Set<String> names = new HashSet<>();
        for (Loaded c : classes) {
            names.add(normalize(c.name));
        }
        return names;
    }

    /**
     * A name without what differs from one run to the next: a hidden class's address ({@code /0x7f...}) and a lambda
     * proxy's number on JDK 17 ({@code Foo$$Lambda$23}), so that runs can be compared by name.
     */
    public static String normalize(String name) {
        String n = name.replaceAll("/0x[0-9a-f]+$", "");
        return n.replaceAll("\\$\\$Lambda\\$[0-9]+$", "\\$\\$Lambda");
    }

    /** The class a frame such as {@code a.b.C.m(C.java:12)} runs in. */
    public static String frameClass(String frame) {
        int paren = frame.indexOf('(');
        String method = paren < 0 ? frame : frame.substring(0, paren);
        int dot = method.lastIndexOf('.');
        return dot < 0 ? method : method.substring(0, dot);
    }
}
