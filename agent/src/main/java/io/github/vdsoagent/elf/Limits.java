package io.github.vdsoagent.elf;

/**
 * Hard caps that keep a corrupt image from making the parser loop or allocate without bound. Real vDSOs have a few
 * dozen symbols and two or three version definitions; the caps leave room for far more.
 */
final class Limits {
    static final int MAX_SYMBOLS = 1 << 16;
    static final int MAX_VERSION_DEFINITIONS = 1024;

    private Limits() {
    }
}
