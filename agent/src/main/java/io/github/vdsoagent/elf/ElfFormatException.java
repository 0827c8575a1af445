package io.github.vdsoagent.elf;

/**
 * The bytes given to {@link ElfImage#parse} are not a vDSO image this parser can trust. The message is one line that
 * names the structure and the value at fault, so that a report from a user's machine says what was wrong.
 */
public final class ElfFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ElfFormatException(String message) {
        super(message);
    }
}
