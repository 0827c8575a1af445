package io.github.vdsoagent.boot;

/**
 * The boot class path is visible to every class in the JVM, so the few calls that change what the stub does
 * (loading the native helper, binding a function address, switching backend) are reserved for the class loader
 * that claimed them first: the agent's own. Anything else gets a SecurityException, so application code cannot
 * use the stub to call arbitrary native addresses.
 */
public final class OwnerCheck {
    private static volatile ClassLoader owner;
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private OwnerCheck() {
    }

    /** Called by the launcher before any other code can reach the boot package; later claims are ignored. */
    public static synchronized void claim(ClassLoader loader) {
        if (owner == null) {
            owner = loader;
        }
    }

    /** Throws unless the nearest caller outside this package was loaded by the owner. */
    static void check() {
        Class<?> caller = WALKER.walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> !c.getPackageName().equals(OwnerCheck.class.getPackageName()))
                .findFirst().orElse(null));
        ClassLoader expected = owner;
        if (expected == null || caller == null || caller.getClassLoader() != expected) {
            throw new SecurityException("only vdso-agent itself may reconfigure its clock stub");
        }
    }
}
