package io.github.vdsoagent.bench.gen;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.function.LongSupplier;

/**
 * Generates classes full of call sites, for the figures that depend on how many sites the agent has registered.
 * Each generated class {@code NAME} implements {@link LongSupplier} and has {@code methods} static methods
 * {@code m0 .. m(n-1)}, each one call site of {@code System.nanoTime()} (or, for the control, of a static method of
 * this class with the same signature, which the agent leaves alone), a static {@code runAll()} that calls each
 * once, and {@code getAsLong()}, one more call site of the same kind: the one a benchmark calls.
 *
 * <p>This class itself calls no time API, so the agent never rewrites it.
 */
public final class SiteClasses {
    /** The control's stand-in for nanoTime: same descriptor, not a time API. */
    public static long notATimeCall() {
        return 42L;
    }

    private static final String CONTROL_OWNER = SiteClasses.class.getName().replace('.', '/');

    private SiteClasses() {
    }

    /**
     * @param binaryName  dotted name of the class to generate; put it in a package the agent includes
     * @param methods     how many static one-site methods besides {@code getAsLong}
     * @param timeCalls   true: each site calls System.nanoTime(); false: the control's non-time call
     */
    public static byte[] generate(String binaryName, int methods, boolean timeCalls) {
        String internal = binaryName.replace('.', '/');
        String owner = timeCalls ? "java/lang/System" : CONTROL_OWNER;
        String name = timeCalls ? "nanoTime" : "notATimeCall";
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internal, null,
                "java/lang/Object", new String[]{"java/util/function/LongSupplier"});
        cw.visitSource(internal.substring(internal.lastIndexOf('/') + 1) + ".gen", null);

        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        for (int i = 0; i < methods; i++) {
            MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "m" + i, "()J", null, null);
            m.visitCode();
            m.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, "()J", false);
            m.visitInsn(Opcodes.LRETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
        }

        MethodVisitor all = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "runAll", "()J", null, null);
        all.visitCode();
        all.visitInsn(Opcodes.LCONST_0);
        for (int i = 0; i < methods; i++) {
            all.visitMethodInsn(Opcodes.INVOKESTATIC, internal, "m" + i, "()J", false);
            all.visitInsn(Opcodes.LXOR);
        }
        all.visitInsn(Opcodes.LRETURN);
        all.visitMaxs(0, 0);
        all.visitEnd();

        MethodVisitor get = cw.visitMethod(Opcodes.ACC_PUBLIC, "getAsLong", "()J", null, null);
        get.visitCode();
        get.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, "()J", false);
        get.visitInsn(Opcodes.LRETURN);
        get.visitMaxs(0, 0);
        get.visitEnd();

        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * Generates and loads {@code classes} classes named {@code prefix0 ..}, {@code methodsPerClass} sites each
     * (plus one in getAsLong), in a new class loader, calls every site once (so that the counters for all of
     * them exist, as in an application that ran them) and returns an instance of each, in order.
     */
    public static LongSupplier[] load(String prefix, int classes, int methodsPerClass, boolean timeCalls) {
        Loader loader = new Loader(SiteClasses.class.getClassLoader());
        LongSupplier[] instances = new LongSupplier[classes];
        long sink = 0;
        for (int c = 0; c < classes; c++) {
            String name = prefix + c;
            Class<?> type = loader.define(name, generate(name, methodsPerClass, timeCalls));
            try {
                sink ^= (long) type.getMethod("runAll").invoke(null);
                instances[c] = (LongSupplier) type.getConstructor().newInstance();
                sink ^= instances[c].getAsLong();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot run generated class " + name, e);
            }
        }
        if (sink == 1) {
            System.out.print(""); // keeps sink alive
        }
        return instances;
    }

    private static final class Loader extends ClassLoader {
        Loader(ClassLoader parent) {
            super(parent);
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
