package io.github.vdsoagent.instrument;

import io.github.vdsoagent.vocabulary.SiteIds;
import io.github.vdsoagent.testing.Rewritten;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The patcher against ASM over generated methods that put time calls where offsets are hardest to move: at
 * branch targets and stack map frames, at the start, end and handler of exception ranges, inside the operands
 * of an uninitialized object's constructor, before switches, after padding that outgrows one-byte frame deltas,
 * among local variable ranges and line numbers (0 included), in class files with and without frames. Fixed seeds:
 * a failure names the seed that reproduces it.
 */
class GeneratedCodeTest implements Opcodes {
    private static final int CLASSES = 400;

    @Test
    void thePatcherWritesWhatAsmWritesAndTheJvmVerifiesIt() throws Exception {
        int sites = 0;
        int leftToAsm = 0;
        for (int seed = 0; seed < CLASSES; seed++) {
            String name = "Generated" + seed;
            byte[] original = new Generator(new Random(seed)).classFile(name, seed % 5 == 0);
            List<String> byAsm = new ArrayList<>();
            List<String> byPatcher = new ArrayList<>();
            byte[] asm = AsmCallSiteRewriter.rewrite(original, 1, recording(byAsm));
            byte[] patched;
            try {
                patched = CallSitePatcher.patch(original, 1, recording(byPatcher));
            } catch (CallSitePatcher.CannotPatch e) {
                assertTrue(e.getMessage().contains("16 bits"), "seed " + seed + ": " + e.getMessage());
                leftToAsm++; // a short branch across the 32 KiB of padding, pushed out of range
                continue;
            }
            assertEquals(byAsm, byPatcher, "seed " + seed + ": site ids asked for");
            String expected = CallSitePatcherTest.listing(asm);
            String actual = CallSitePatcherTest.listing(patched);
            if (!expected.equals(actual)) {
                fail("seed " + seed + ":\n" + CallSitePatcherTest.firstDifference(expected, actual));
            }
            Class<?> type = Rewritten.define(name, patched); // defining and calling it makes the JVM verify it
            for (int x = 0; x < 3; x++) {
                type.getMethod("run", int.class).invoke(null, x);
            }
            sites += byPatcher.size();
        }
        assertTrue(sites > 10 * CLASSES, "sites: " + sites);
        assertTrue(leftToAsm < CLASSES / 20, "left to ASM: " + leftToAsm);
    }

    private static SiteIds recording(List<String> calls) {
        return (loader, className, method, descriptor, instruction, file, line, api) -> {
            calls.add(method + descriptor + " #" + instruction + " " + file + ":" + line + " " + api);
            return (calls.size() * 7_919) % 70_000; // bipush, sipush and ldc_w pushes alike
        };
    }

    /** {@code static long run(int x)}: local 0 is x, 1 an int, 2-3 the long that sums every time read. */
    private static final class Generator {
        private final Random random;
        private MethodVisitor code;
        private final List<Label> placed = new ArrayList<>();
        private int depth;
        private int nextLocal = 4;
        private boolean longPadding;

        Generator(Random random) {
            this.random = random;
        }

        byte[] classFile(String name, boolean withoutFrames) {
            ClassWriter writer = new ClassWriter(withoutFrames ? ClassWriter.COMPUTE_MAXS : ClassWriter.COMPUTE_FRAMES);
            writer.visit(withoutFrames ? V1_4 : V11, ACC_PUBLIC, name, null, "java/lang/Object", null);
            writer.visitSource(name + ".java", null);
            code = writer.visitMethod(ACC_PUBLIC | ACC_STATIC, "run", "(I)J", null, null);
            code.visitCode();
            Label start = label();
            code.visitInsn(ICONST_0);
            code.visitVarInsn(ISTORE, 1);
            code.visitInsn(LCONST_0);
            code.visitVarInsn(LSTORE, 2);
            block(3 + random.nextInt(6));
            code.visitVarInsn(LLOAD, 2);
            code.visitInsn(LRETURN);
            Label end = new Label();
            code.visitLabel(end);
            code.visitLocalVariable("x", "I", null, start, end, 0);
            for (int i = 0; i < 3 && placed.size() > 2; i++) { // ranges that may start or end at a site
                int a = random.nextInt(placed.size());
                int b = random.nextInt(placed.size());
                if (a != b) {
                    code.visitLocalVariable("v" + i, "I", null, placed.get(Math.min(a, b)), placed.get(Math.max(a, b)), 1);
                }
            }
            code.visitMaxs(0, 0);
            code.visitEnd();
            writer.visitEnd();
            return writer.toByteArray();
        }

        private Label label() {
            Label label = new Label();
            code.visitLabel(label);
            placed.add(label);
            if (random.nextInt(3) == 0) {
                code.visitLineNumber(random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(500), label);
            }
            return label;
        }

        private void block(int statements) {
            for (int i = 0; i < statements; i++) {
                statement();
            }
        }

        private void statement() {
            int kind = depth > 3 ? 0 : random.nextInt(6);
            depth++;
            switch (kind) {
                case 0:
                    timeCall(random.nextInt(3) == 0);
                    break;
                case 1: { // a loop whose head is a site
                    int counter = nextLocal++;
                    code.visitInsn(ICONST_2);
                    code.visitVarInsn(ISTORE, counter);
                    Label head = label();
                    Label done = new Label();
                    timeCall(false);
                    code.visitIincInsn(counter, -1);
                    code.visitVarInsn(ILOAD, counter);
                    code.visitJumpInsn(IFLE, done);
                    block(1);
                    code.visitJumpInsn(GOTO, head);
                    code.visitLabel(done);
                    break;
                }
                case 2: { // a switch after sites, whose padding the insertions must keep
                    code.visitVarInsn(ILOAD, 0);
                    Label otherwise = new Label();
                    Label done = new Label();
                    Label[] cases = {new Label(), new Label(), new Label()};
                    if (random.nextBoolean()) {
                        code.visitTableSwitchInsn(0, 2, otherwise, cases);
                    } else {
                        code.visitLookupSwitchInsn(otherwise, new int[] {0, 1, 2}, cases);
                    }
                    for (Label c : cases) {
                        code.visitLabel(c);
                        block(1);
                        code.visitJumpInsn(GOTO, done);
                    }
                    code.visitLabel(otherwise);
                    block(1);
                    code.visitLabel(done);
                    break;
                }
                case 3: { // an exception range that starts, ends or is handled at a site
                    Label start = new Label();
                    Label end = new Label();
                    Label handler = new Label();
                    Label after = new Label();
                    code.visitTryCatchBlock(start, end, handler, "java/lang/RuntimeException");
                    code.visitLabel(start);
                    block(1);
                    code.visitLabel(end);
                    timeCall(false);
                    code.visitJumpInsn(GOTO, after);
                    code.visitLabel(handler);
                    code.visitInsn(POP);
                    timeCall(false);
                    code.visitLabel(after);
                    break;
                }
                case 4: // padding that pushes the next frame's delta past 63, or a branch past 32 KiB
                    boolean past32KiB = !longPadding && random.nextInt(10) == 0;
                    longPadding |= past32KiB;
                    for (int i = past32KiB ? 33_000 : random.nextInt(90); i > 0; i--) {
                        code.visitInsn(NOP);
                    }
                    timeCall(true);
                    break;
                default: { // new Long(x == 0 ? 1 : nanoTime()): a frame with an uninitialized object at a site
                    code.visitVarInsn(LLOAD, 2);
                    code.visitTypeInsn(NEW, "java/lang/Long");
                    code.visitInsn(DUP);
                    Label call = new Label();
                    Label done = new Label();
                    code.visitVarInsn(ILOAD, 0);
                    code.visitJumpInsn(IFNE, call);
                    code.visitInsn(LCONST_1);
                    code.visitJumpInsn(GOTO, done);
                    code.visitLabel(call);
                    code.visitMethodInsn(INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
                    code.visitLabel(done);
                    code.visitMethodInsn(INVOKESPECIAL, "java/lang/Long", "<init>", "(J)V", false);
                    code.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Long", "longValue", "()J", false);
                    add();
                }
            }
            depth--;
        }

        /** Adds a time read to the sum; {@code branchToIt}: the call is also a branch target, with its frame. */
        private void timeCall(boolean branchToIt) {
            code.visitVarInsn(LLOAD, 2);
            if (branchToIt) {
                Label call = new Label();
                code.visitVarInsn(ILOAD, 0);
                code.visitJumpInsn(IFEQ, call);
                code.visitInsn(NOP);
                code.visitLabel(call);
            }
            label();
            switch (random.nextInt(4)) {
                case 0:
                    code.visitMethodInsn(INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
                    break;
                case 1:
                    code.visitMethodInsn(INVOKESTATIC, "java/lang/System", "currentTimeMillis", "()J", false);
                    break;
                case 2: // new Date(): the constructor call is the site
                    code.visitTypeInsn(NEW, "java/util/Date");
                    code.visitInsn(DUP);
                    code.visitMethodInsn(INVOKESPECIAL, "java/util/Date", "<init>", "()V", false);
                    code.visitMethodInsn(INVOKEVIRTUAL, "java/util/Date", "getTime", "()J", false);
                    break;
                default: // an invokeinterface site
                    code.visitMethodInsn(INVOKESTATIC, "java/lang/management/ManagementFactory", "getThreadMXBean",
                            "()Ljava/lang/management/ThreadMXBean;", false);
                    code.visitMethodInsn(INVOKEINTERFACE, "java/lang/management/ThreadMXBean",
                            "getCurrentThreadCpuTime", "()J", true);
            }
            add();
        }

        private void add() {
            code.visitInsn(LADD);
            code.visitVarInsn(LSTORE, 2);
        }
    }
}
