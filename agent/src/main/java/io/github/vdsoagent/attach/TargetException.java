package io.github.vdsoagent.attach;

/** A problem with the target JVM (or with reaching it); the message is the one line the CLI prints. */
public final class TargetException extends Exception {
    private static final long serialVersionUID = 1L;

    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
