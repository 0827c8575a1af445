package io.github.vdsoagent.vdso;

/** The vDSO cannot be used in this process; the message says why, in one line, for the report. */
public final class VdsoUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public VdsoUnavailableException(String message) {
        super(message);
    }

    public VdsoUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
