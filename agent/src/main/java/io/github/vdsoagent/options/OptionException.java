package io.github.vdsoagent.options;

/** A rejected option string; the message is one line a user can act on. */
public final class OptionException extends Exception {
    private static final long serialVersionUID = 1L;

    public OptionException(String message) {
        super(message);
    }
}
