package io.github.vdsoagent.nativelib;

/** The native helper cannot be extracted or loaded; the message says why, in one line. */
public final class NativeHelperUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public NativeHelperUnavailableException(String message) {
        super(message);
    }

    public NativeHelperUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
