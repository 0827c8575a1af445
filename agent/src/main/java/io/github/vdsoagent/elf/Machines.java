package io.github.vdsoagent.elf;

/** e_machine values and the names Java's os.arch (or the usual Linux name) gives them. */
final class Machines {
    static final int EM_SPARC = 2;
    static final int EM_386 = 3;
    static final int EM_MIPS = 8;
    static final int EM_PARISC = 15;
    static final int EM_PPC = 20;
    static final int EM_PPC64 = 21;
    static final int EM_S390 = 22;
    static final int EM_ARM = 40;
    static final int EM_SH = 42;
    static final int EM_SPARCV9 = 43;
    static final int EM_IA_64 = 50;
    static final int EM_X86_64 = 62;
    static final int EM_AARCH64 = 183;
    static final int EM_CSKY = 252;
    static final int EM_RISCV = 243;
    static final int EM_LOONGARCH = 258;
    static final int EM_ALPHA = 0x9026;

    private Machines() {
    }

    /** Some machine numbers cover both word sizes or byte orders; class and encoding pick the name. */
    static String name(int machine, boolean is64, boolean littleEndian) {
        switch (machine) {
            case EM_SPARC:
                return "sparc";
            case EM_386:
                return "i386";
            case EM_MIPS:
                return (is64 ? "mips64" : "mips") + (littleEndian ? "el" : "");
            case EM_PARISC:
                return "parisc";
            case EM_PPC:
                return "ppc";
            case EM_PPC64:
                return littleEndian ? "ppc64le" : "ppc64";
            case EM_S390:
                return is64 ? "s390x" : "s390";
            case EM_ARM:
                return "arm";
            case EM_SH:
                return "sh";
            case EM_SPARCV9:
                return "sparcv9";
            case EM_IA_64:
                return "ia64";
            case EM_X86_64:
                return "x86_64";
            case EM_AARCH64:
                return "aarch64";
            case EM_CSKY:
                return "csky";
            case EM_RISCV:
                return is64 ? "riscv64" : "riscv32";
            case EM_LOONGARCH:
                return is64 ? "loongarch64" : "loongarch32";
            case EM_ALPHA:
                return "alpha";
            default:
                return "unknown(" + machine + ")";
        }
    }
}
