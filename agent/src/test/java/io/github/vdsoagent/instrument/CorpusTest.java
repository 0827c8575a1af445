package io.github.vdsoagent.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.util.CheckClassAdapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rewriting over every class of widely used real jars (target/corpus, from Maven Central): Guava (a big Java
 * library), the Kotlin and Scala standard libraries, Groovy (invokedynamic everywhere), log4j 1.2 (compiled for
 * Java 1.1/1.2: no stack map frames) and log4j-api 2 (a multi-release jar). Every class the agent rewrites must
 * pass ASM's verifier and load and link in the JVM (which verifies it again), wherever the original does; the
 * constant-pool pre-scan must never skip a class that has a time call, nor the choice of methods to look at a site.
 */
class CorpusTest {
    private static final Path CORPUS = Paths.get(System.getProperty("vdsoagent.corpus", "target/corpus"));

    @Test
    void everyRewrittenClassVerifiesLoadsAndLinks() throws Exception {
        List<Path> jars = corpusJars();
        Assumptions.assumeFalse(jars.isEmpty(), "no corpus jars in " + CORPUS + ": run through Maven");
        List<String> failures = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        try (CorpusLoader rewriting = new CorpusLoader(jars, true); CorpusLoader plain = new CorpusLoader(jars, false)) {
            for (Path jar : jars) {
                summary.append(check(jar, rewriting, plain, failures)).append('\n');
            }
            assertTrue(rewriting.rewritten() > 0, "the corpus has time calls to rewrite");
        }
        System.out.print(summary);
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures.subList(0,
                Math.min(20, failures.size()))) + "\n" + summary);
    }

    private static String check(Path jar, CorpusLoader rewriting, CorpusLoader plain, List<String> failures)
            throws IOException {
        int seen = 0;
        int rewritten = 0;
        int sites = 0;
        int linked = 0;
        int notLinkableEvenOriginal = 0;
        try (JarFile file = new JarFile(jar.toFile(), true, ZipFile.OPEN_READ, Runtime.version())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
                    continue;
                }
                seen++;
                byte[] original;
                try (InputStream in = file.getInputStream(entry)) {
                    original = in.readAllBytes();
                }
                int[] found = {0};
                List<String> chosen = new ArrayList<>();
                byte[] result = CallSiteRewriter.rewrite(original, 1, (loader, c, m, d, i, f, l, api) -> {
                    chosen.add(m + d + " #" + i + " line " + l + " " + api);
                    return found[0]++;
                });
                List<String> everyMethod = new ArrayList<>();
                AsmCallSiteRewriter.rewrite(original, 1, (loader, c, m, d, i, f, l, api) -> {
                    everyMethod.add(m + d + " #" + i + " line " + l + " " + api);
                    return 0;
                }, null);
                if (!chosen.equals(everyMethod)) {
                    failures.add(name + ": the methods looked at miss sites: " + chosen + " against " + everyMethod);
                }
                if (result == null) {
                    continue;
                }
                if (!ConstantPoolScanner.mayCallTimeApi(original)) {
                    failures.add(name + ": the pre-scan would have skipped it, yet it has " + found[0] + " sites");
                }
                rewritten++;
                sites += found[0];
                String problems = asmVerify(result, plain);
                if (!problems.isEmpty() && asmVerify(original, plain).isEmpty()) {
                    failures.add(name + ": ASM's verifier rejects the rewritten class: " + problems.lines().findFirst().orElse(""));
                }
                String className = className(name);
                String linkError = link(className, rewriting);
                if (linkError == null) {
                    linked++;
                } else if (link(className, plain) != null) {
                    notLinkableEvenOriginal++; // a missing optional dependency: not the rewriting's doing
                } else {
                    failures.add(className + ": links as loaded but not rewritten: " + linkError);
                }
            }
        }
        return String.format("%-28s %6d classes seen, %4d rewritten, %5d call sites, %4d linked, %3d not linkable"
                + " even unrewritten (missing optional dependencies)", jar.getFileName(), seen, rewritten, sites, linked,
                notLinkableEvenOriginal);
    }

    /** ASM's own bytecode verifier over every method; the empty string when it finds nothing. */
    private static String asmVerify(byte[] classFile, ClassLoader hierarchy) {
        StringWriter problems = new StringWriter();
        try {
            CheckClassAdapter.verify(new org.objectweb.asm.ClassReader(classFile), hierarchy, false, new PrintWriter(problems));
        } catch (RuntimeException | LinkageError e) {
            return "";  // the verifier needed a class the corpus lacks; the JVM's own verification below still runs
        }
        return problems.toString();
    }

    /** Loads the class and makes the JVM link (and so verify) it; null if that worked, else the error. */
    private static String link(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader).getDeclaredMethods();
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return e.toString();
        }
    }

    private static String className(String entry) {
        String path = entry.startsWith("META-INF/versions/") ? entry.replaceFirst("META-INF/versions/\\d+/", "") : entry;
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    private static List<Path> corpusJars() throws IOException {
        if (!Files.isDirectory(CORPUS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
    }

    /** Child-first over the corpus jars (multi-release aware), rewriting every class it defines if asked to. */
    private static final class CorpusLoader extends ClassLoader implements AutoCloseable {
        private final List<JarFile> jars = new ArrayList<>();
        private final boolean rewrite;
        private int rewrittenCount;

        CorpusLoader(List<Path> paths, boolean rewrite) throws IOException {
            super(rewrite ? "corpus-rewritten" : "corpus-plain", CorpusTest.class.getClassLoader());
            this.rewrite = rewrite;
            for (Path path : paths) {
                jars.add(new JarFile(path.toFile(), true, ZipFile.OPEN_READ, Runtime.version()));
            }
        }

        int rewritten() {
            return rewrittenCount;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = read(name);
                    if (bytes == null) {
                        return super.loadClass(name, resolve);
                    }
                    if (rewrite) {
                        byte[] result = CallSiteRewriter.rewrite(bytes, 2, (l, cl, m, d, i, f, line, api) -> 0);
                        if (result != null) {
                            rewrittenCount++;
                            bytes = result;
                        }
                    }
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                return c;
            }
        }

        private byte[] read(String className) {
            String path = className.replace('.', '/') + ".class";
            for (JarFile jar : jars) {
                JarEntry entry = jar.getJarEntry(path);
                if (entry != null) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        return in.readAllBytes();
                    } catch (IOException e) {
                        return null;
                    }
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            for (JarFile jar : jars) {
                jar.close();
            }
        }
    }

    @Test
    void theCorpusCoversTheKindsOfBytecodeAsked() throws IOException {
        List<Path> jars = corpusJars();
        Assumptions.assumeFalse(jars.isEmpty(), "no corpus jars in " + CORPUS + ": run through Maven");
        boolean noFrames = false;
        boolean multiRelease = false;
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                multiRelease |= file.isMultiRelease();
                for (JarEntry entry : Collections.list(file.entries())) {
                    if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                        try (InputStream in = file.getInputStream(entry)) {
                            noFrames |= new ClassReader(in.readAllBytes()).readUnsignedShort(6) < 50;
                        }
                        break;
                    }
                }
            }
        }
        assertTrue(noFrames, "a jar compiled before Java 6 (no stack map frames)");
        assertTrue(multiRelease, "a multi-release jar");
        assertEquals(7, jars.size(), jars.toString());
    }
}
