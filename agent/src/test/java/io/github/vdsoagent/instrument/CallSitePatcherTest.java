package io.github.vdsoagent.instrument;

import io.github.vdsoagent.vocabulary.SiteIds;
import io.github.vdsoagent.fixtures.TimeCalls;
import io.github.vdsoagent.testing.Rewritten;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.TypeReference;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-place patcher against ASM's rewrite, which it stands in for: over every class of the corpus jars and of
 * the running JDK's java.base that calls a time API, both must ask for the same site ids with the same arguments
 * in the same order, and produce the same code as ASM reads it back (instructions, branch targets, exception
 * ranges, frames, line numbers, local variables), apart from the patcher's padding nops.
 */
class CallSitePatcherTest {
    private static final Path CORPUS = Paths.get(System.getProperty("vdsoagent.corpus", "target/corpus"));

    @Test
    void patchesLikeAsmOverTheCorpusAndTheJdk() throws IOException {
        List<String> failures = new ArrayList<>();
        int[] counts = new int[3]; // patched, left to ASM, sites
        List<Path> jars = corpusJars();
        Assumptions.assumeFalse(jars.isEmpty(), "no corpus jars in " + CORPUS + ": run through Maven");
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : Collections.list(file.entries())) {
                    if (entry.getName().endsWith(".class")) {
                        try (InputStream in = file.getInputStream(entry)) {
                            compare(entry.getName(), in.readAllBytes(), counts, failures);
                        }
                    }
                }
            }
        }
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base"))) {
            for (Path path : files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
                compare(path.toString(), Files.readAllBytes(path), counts, failures);
            }
        }
        System.out.printf("patched %d classes (%d sites), left %d to ASM%n", counts[0], counts[2], counts[1]);
        assertTrue(failures.isEmpty(), () -> failures.size() + " differ, first: " + failures.get(0));
        assertTrue(counts[0] > 100, "the corpus and java.base have time calls: " + counts[0]);
    }

    private static void compare(String name, byte[] original, int[] counts, List<String> failures) {
        if (ConstantPoolScanner.methodsThatMayCall(original) == null) {
            return;
        }
        List<String> asmSites = new ArrayList<>();
        byte[] byAsm;
        try {
            byAsm = AsmCallSiteRewriter.rewrite(original, 7, recording(asmSites));
        } catch (RuntimeException tooNewForAsm) {
            return;
        }
        List<String> patchSites = new ArrayList<>();
        byte[] patched;
        try {
            patched = CallSitePatcher.patch(original, 7, recording(patchSites));
        } catch (CallSitePatcher.CannotPatch e) {
            counts[1]++;
            return;
        }
        if (!asmSites.equals(patchSites)) {
            failures.add(name + ": site ids asked for differ:\n" + asmSites + "\n" + patchSites);
            return;
        }
        if ((byAsm == null) != (patched == null)) {
            failures.add(name + ": rewritten by one only");
            return;
        }
        if (patched == null) {
            return;
        }
        counts[0]++;
        counts[2] += patchSites.size();
        String expected = listing(byAsm);
        String actual = listing(patched);
        if (!expected.equals(actual)) {
            failures.add(name + ": first difference:\n" + firstDifference(expected, actual));
        }
    }

    /** Ids from small to beyond sipush's range, so that every form of push is written. */
    private static SiteIds recording(List<String> calls) {
        return (loader, className, method, descriptor, instruction, file, line, api) -> {
            calls.add(className + "." + method + descriptor + " #" + instruction + " " + file + ":" + line + " " + api);
            return (calls.size() * 7_919) % 70_000;
        };
    }

    /** The class as ASM reads it, as text, without nops (the patcher's padding). */
    /**
     * The class as ASM reads it, as text: without nops (the patcher's padding), and without labels nothing refers
     * to, with the others renumbered. ASM's reader creates a label wherever a byte of the stack map table could be
     * an uninitialized type naming a {@code new} instruction, so two equal tables encoded differently (the patcher
     * and ASM choose the compact frame forms alike, but not always) can differ in those labels alone.
     */
    static String listing(byte[] classFile) {
        StringWriter text = new StringWriter();
        new ClassReader(classFile).accept(new TraceClassVisitor(null, new Textifier(), new PrintWriter(text)), 0);
        List<String> lines = text.toString().lines().filter(line -> !line.trim().equals("NOP"))
                .collect(Collectors.toList());
        Set<String> referenced = new HashSet<>();
        for (String line : lines) {
            if (!LABEL_LINE.matcher(line).matches()) {
                Matcher label = LABEL.matcher(line);
                while (label.find()) {
                    referenced.add(label.group());
                }
            }
        }
        Map<String, String> renamed = new HashMap<>();
        StringBuilder listing = new StringBuilder();
        for (String line : lines) {
            if (LABEL_LINE.matcher(line).matches() && !referenced.contains(line.trim())) {
                continue;
            }
            listing.append(LABEL.matcher(line).replaceAll(
                    label -> renamed.computeIfAbsent(label.group(), l -> "L" + renamed.size()))).append('\n');
        }
        return listing.toString();
    }

    private static final Pattern LABEL = Pattern.compile("\\bL\\d+\\b");
    private static final Pattern LABEL_LINE = Pattern.compile("\\s*L\\d+");

    static String firstDifference(String expected, String actual) {
        String[] a = expected.split("\n");
        String[] b = actual.split("\n");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "ASM:     " + a[i] + "\npatcher: " + b[i] + "\n(line " + i + ")";
            }
        }
        return "lengths " + a.length + " and " + b.length;
    }

    private static List<Path> corpusJars() throws IOException {
        if (!Files.isDirectory(CORPUS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void aBranchThatWouldOutgrowSixteenBitsIsLeftToAsm() throws Exception {
        byte[] original = longBranchOverACall();
        assertThrows(CallSitePatcher.CannotPatch.class, () -> CallSitePatcher.patch(original, 1, (l, c, m, d, i, f, n, a) -> 0));
        byte[] rewritten = CallSiteRewriter.rewrite(original, 1, (l, c, m, d, i, f, n, a) -> 0);
        assertNotNull(rewritten, "ASM rewrites it instead");
        Class<?> type = Rewritten.define("LongBranch", rewritten);
        assertEquals(0L, type.getMethod("run", boolean.class).invoke(null, true));
        assertTrue((Long) type.getMethod("run", boolean.class).invoke(null, false) > 0);
    }

    /** {@code static long run(boolean skip)}: a forward branch just short of 32 KiB over a nanoTime call. */
    private static byte[] longBranchOverACall() {
        return classWithRun("LongBranch", "(Z)J", run -> {
            Label skip = new Label();
            run.visitVarInsn(Opcodes.ILOAD, 0);
            run.visitJumpInsn(Opcodes.IFNE, skip);
            for (int i = 0; i < 32_758; i++) { // the branch's offset: 32,765 bytes, 32,769 with the site's push
                run.visitInsn(Opcodes.NOP);
            }
            run.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
            run.visitInsn(Opcodes.LRETURN);
            run.visitLabel(skip);
            run.visitInsn(Opcodes.LCONST_0);
            run.visitInsn(Opcodes.LRETURN);
        });
    }

    /** A class {@code name} with one method, {@code static run} of the given descriptor and code. */
    private static byte[] classWithRun(String name, String descriptor, Consumer<MethodVisitor> code) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        MethodVisitor run = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", descriptor, null, null);
        run.visitCode();
        code.accept(run);
        run.visitMaxs(0, 0);
        run.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    @Test
    void codeWithTypeAnnotationsIsLeftToAsm() throws Exception {
        byte[] original = classWithRun("Annotated", "(Ljava/lang/Object;)J", run -> {
            run.visitVarInsn(Opcodes.ALOAD, 0);
            run.visitTypeInsn(Opcodes.INSTANCEOF, "java/lang/String");
            // a type annotation on the instanceof: its offset, in the Code attribute, is one the patcher does not move
            run.visitInsnAnnotation(TypeReference.newTypeReference(TypeReference.INSTANCEOF).getValue(), null,
                    "LTypeUse;", true).visitEnd();
            run.visitInsn(Opcodes.POP);
            run.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
            run.visitInsn(Opcodes.LRETURN);
        });
        CallSitePatcher.CannotPatch refused = assertThrows(CallSitePatcher.CannotPatch.class,
                () -> CallSitePatcher.patch(original, 1, (l, c, m, d, i, f, n, a) -> 0));
        assertTrue(refused.getMessage().contains("RuntimeVisibleTypeAnnotations"), refused.getMessage());
        byte[] rewritten = CallSiteRewriter.rewrite(original, 1, (l, c, m, d, i, f, n, a) -> 0);
        assertTrue(listing(rewritten).contains("ClockStub.nanoTime (I)J"), "ASM rewrote it instead");
        assertTrue((Long) Rewritten.define("Annotated", rewritten).getMethod("run", Object.class).invoke(null, "x") > 0);
    }

    @Test
    void theVersionCeilingIsTheNewestTheBundledAsmReads() {
        int newest = 0;
        for (java.lang.reflect.Field field : net.bytebuddy.jar.asm.Opcodes.class.getFields()) {
            if (field.getName().matches("V\\d+")) {
                try {
                    newest = Math.max(newest, field.getInt(null) & 0xFFFF);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertEquals(newest, CallSitePatcher.NEWEST_MAJOR_VERSION);
    }

    @Test
    void aLineNumberOfZeroIsALineLikeAnyOther() throws Exception {
        // {pc 0: line 5, pc 1: line 0} with nanoTime at pc 1: ASM reports line 0, and so must the patcher
        byte[] original = classWithRun("LineZero", "()J", run -> {
            Label first = new Label();
            Label call = new Label();
            run.visitLabel(first);
            run.visitLineNumber(5, first);
            run.visitInsn(Opcodes.NOP);
            run.visitLabel(call);
            run.visitLineNumber(0, call);
            run.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
            run.visitInsn(Opcodes.LRETURN);
        });
        List<String> byAsm = new ArrayList<>();
        List<String> patched = new ArrayList<>();
        AsmCallSiteRewriter.rewrite(original, 1, recording(byAsm));
        CallSitePatcher.patch(original, 1, recording(patched));
        assertEquals(byAsm, patched);
        assertTrue(patched.get(0).contains(":0 "), patched.toString());
    }

    @Test
    void theFixtureIsPatchedNotLeftToAsm() throws Exception {
        assertNotNull(CallSitePatcher.patch(Rewritten.bytesOf(TimeCalls.class), 1, (l, c, m, d, i, f, n, a) -> 40_000 + i));
    }
}
