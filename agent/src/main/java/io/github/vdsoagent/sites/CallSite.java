package io.github.vdsoagent.sites;

import io.github.vdsoagent.vocabulary.TimeApi;

/**
 * One rewritten call instruction: where it is and which API it calls. Its id indexes the call counters. The class,
 * its loader and source file, and the bytes of the method's name are its {@link ClassSites}'s, shared by the
 * class's sites.
 */
public final class CallSite {
    private final int id;
    private final ClassSites owner;
    /** The method name's place in the owner's name bytes: offset << 24 | length. */
    private final long nameBytes;
    private final String methodDescriptor;
    /**
     * instruction << 16 | line, both u2 in a class file (a method's code is under 64 KiB); line 0xFFFF means none.
     * One int instead of two keeps a site at 40 bytes.
     */
    private final int place;
    private final TimeApi api;

    CallSite(int id, ClassSites owner, long nameBytes, String methodDescriptor, int instruction, int line, TimeApi api) {
        this.id = id;
        this.owner = owner;
        this.nameBytes = nameBytes;
        if (instruction < 0 || instruction > 0xFFFF) {
            throw new IllegalArgumentException("instruction index " + instruction + " out of a method's range");
        }
        this.methodDescriptor = methodDescriptor;
        this.place = instruction << 16 | (line < 0 || line > 0xFFFF ? 0xFFFF : line);
        this.api = api;
    }

    public int id() {
        return id;
    }

    /** Dotted binary name, e.g. {@code com.acme.Foo$Bar}. */
    public String className() {
        return owner.className;
    }

    /** The method's name; built on each call (reports only). */
    public String methodName() {
        return owner.name(nameBytes);
    }

    /** The SourceFile attribute, or null when the class was compiled without it. */
    public String sourceFile() {
        return owner.sourceFile;
    }

    /** The source line, or -1 when the class has no line numbers. */
    public int line() {
        int line = place & 0xFFFF;
        return line == 0xFFFF ? -1 : line;
    }

    public TimeApi api() {
        return api;
    }

    String methodDescriptor() {
        return methodDescriptor;
    }

    int instruction() {
        return place >>> 16;
    }

    long nameBytes() {
        return nameBytes;
    }

    /** Whether this is the site at these coordinates in its class. */
    boolean isAt(String methodName, String descriptor, int instructionIndex) {
        return instruction() == instructionIndex && methodDescriptor.equals(descriptor) && owner.nameIs(nameBytes, methodName);
    }

    /** Where the site is, as a stack trace shows it: {@code com.acme.Foo.bar(Foo.java:27)}; built on each call. */
    public String location() {
        return className() + "." + methodName() + "(" + (sourceFile() == null ? "Unknown Source" : sourceFile())
                + (line() >= 0 ? ":" + line() : "") + ")";
    }

    @Override
    public String toString() {
        return location() + " -> " + api.apiName();
    }
}
