package io.github.vdsoagent.count;

import io.github.vdsoagent.instrument.TimeApi;

/** One rewritten call instruction: where it is and which API it calls. Its id indexes the call counters. */
public final class CallSite {
    private final int id;
    private final String className;
    private final String methodName;
    private final String sourceFile;
    private final int line;
    private final TimeApi api;

    CallSite(int id, String className, String methodName, String sourceFile, int line, TimeApi api) {
        this.id = id;
        this.className = className;
        this.methodName = methodName;
        this.sourceFile = sourceFile;
        this.line = line;
        this.api = api;
    }

    public int id() {
        return id;
    }

    /** Dotted binary name, e.g. {@code com.acme.Foo$Bar}. */
    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    /** The SourceFile attribute, or null when the class was compiled without it. */
    public String sourceFile() {
        return sourceFile;
    }

    /** The source line, or -1 when the class has no line numbers. */
    public int line() {
        return line;
    }

    public TimeApi api() {
        return api;
    }

    @Override
    public String toString() {
        return className + "." + methodName + "(" + (sourceFile == null ? "Unknown Source" : sourceFile)
                + (line >= 0 ? ":" + line : "") + ") -> " + api.apiName();
    }
}
