package io.github.vdsoagent.kernel;

/** A perf_event_open or read that failed; the message says why in words, {@link #errno()} is the kernel's code. */
final class PerfException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errno;

    PerfException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}
