package io.github.vdsoagent.instrument;

import io.github.vdsoagent.vocabulary.SiteIds;
import io.github.vdsoagent.vocabulary.TimeApi;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * {@link CallSiteRewriter}'s rewrite by ASM's visitors, for the classes {@link CallSitePatcher} leaves alone. Kept
 * apart so that a JVM whose classes the patcher handles never loads ASM.
 */
final class AsmCallSiteRewriter {
    /** A rewrite pushes at most two extra stack slots at once: the site id, then a long (new Date()). */
    private static final int EXTRA_STACK = 2;
    /** The ASM API the visitors are written to (ByteBuddy's repackaged ASM, the only part of it the jar holds). */
    private static final int ASM_API = Opcodes.ASM9;

    private AsmCallSiteRewriter() {
    }

    /** The rewritten class, or null if it has no time-API call. */
    static byte[] rewrite(byte[] classFile, int loaderId, SiteIds siteIds) {
        return rewrite(classFile, loaderId, siteIds, ConstantPoolScanner.methodsThatMayCall(classFile),
                CoarseChoice.NONE);
    }

    /**
     * @param mayCall per method, in the class file's order, whether to look at its code at all; null: every one.
     *                The others go to the writer untouched, and ASM copies their bytes instead of decoding and
     *                encoding them again: most of the cost of rewriting a big class, in a JVM that runs this code
     *                cold (interpreted) at start-up.
     */
    static byte[] rewrite(byte[] classFile, int loaderId, SiteIds siteIds, boolean[] mayCall) {
        return rewrite(classFile, loaderId, siteIds, mayCall, CoarseChoice.NONE);
    }

    /** The same, with the sites {@code coarse} names retargeted at their API's coarse twin. */
    static byte[] rewrite(byte[] classFile, int loaderId, SiteIds siteIds, boolean[] mayCall, CoarseChoice coarse) {
        ClassReader reader = new ClassReader(classFile); // a class file newer than this ASM throws: left as is
        ClassWriter writer = new ClassWriter(reader, 0);
        ClassRewriter rewriter = new ClassRewriter(writer, loaderId, siteIds, mayCall, coarse);
        reader.accept(rewriter, 0);
        return rewriter.sites == 0 ? null : writer.toByteArray();
    }

    private static final class ClassRewriter extends ClassVisitor {
        private final int loaderId;
        private final SiteIds siteIds;
        private final boolean[] mayCall;
        private final CoarseChoice coarse;
        private int methodIndex;
        private String className;
        private String sourceFile;
        int sites;

        ClassRewriter(ClassVisitor next, int loaderId, SiteIds siteIds, boolean[] mayCall, CoarseChoice coarse) {
            super(ASM_API, next);
            this.loaderId = loaderId;
            this.siteIds = siteIds;
            this.mayCall = mayCall;
            this.coarse = coarse;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            className = name.replace('/', '.');
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public void visitSource(String source, String debug) {
            sourceFile = source;
            super.visitSource(source, debug);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            int index = methodIndex++;
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (next == null || (mayCall != null && index < mayCall.length && !mayCall[index])) {
                return next; // the writer itself: ASM copies the method as it is
            }
            return new MethodRewriter(next, name, descriptor);
        }

        private final class MethodRewriter extends MethodVisitor {
            private final String methodName;
            private final String methodDescriptor;
            private int line = -1;
            private int invokeIndex;
            private boolean rewritten;

            MethodRewriter(MethodVisitor next, String methodName, String methodDescriptor) {
                super(ASM_API, next);
                this.methodName = methodName;
                this.methodDescriptor = methodDescriptor;
            }

            @Override
            public void visitLineNumber(int lineNumber, Label start) {
                line = lineNumber;
                super.visitLineNumber(lineNumber, start);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                int instruction = invokeIndex++;
                TimeApi called = TimeApi.of(opcode, owner, name, descriptor);
                if (called == null) {
                    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                    return;
                }
                TimeApi api = coarse.target(className, called);
                int site = siteIds.idFor(loaderId, className, methodName, methodDescriptor, instruction,
                        sourceFile, line, api);
                pushInt(site);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, api.stubClass(), api.stubName(), api.stubDescriptor(), false);
                if (api.isConstructor()) {
                    // new Date() -> new Date(ClockStub.dateMillis(site)): the uninitialized Date stays on the stack
                    super.visitMethodInsn(Opcodes.INVOKESPECIAL, owner, "<init>", "(J)V", false);
                }
                rewritten = true;
                sites++;
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                if (rewritten && maxStack + EXTRA_STACK > 0xFFFF) { // ASM would write it truncated
                    throw new IllegalStateException(methodName + ": max_stack would exceed 65535");
                }
                super.visitMaxs(rewritten ? maxStack + EXTRA_STACK : maxStack, maxLocals);
            }

            private void pushInt(int value) {
                if (value <= Short.MAX_VALUE) {
                    super.visitIntInsn(value <= Byte.MAX_VALUE ? Opcodes.BIPUSH : Opcodes.SIPUSH, value);
                } else {
                    super.visitLdcInsn(value);
                }
            }
        }
    }
}
