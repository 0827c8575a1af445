package io.github.vdsoagent.instrument;

import static io.github.vdsoagent.instrument.ClassFileBytes.u1;
import static io.github.vdsoagent.instrument.ClassFileBytes.u4;

/** Lengths of JVM instructions, and which of them hold code offsets (JVMS chapter 6). */
final class Instructions {
    static final int INVOKEVIRTUAL = 0xB6;
    static final int INVOKESPECIAL = 0xB7;
    static final int INVOKESTATIC = 0xB8;
    static final int INVOKEINTERFACE = 0xB9;
    static final int NOP = 0x00;
    static final int BIPUSH = 0x10;
    static final int SIPUSH = 0x11;
    static final int LDC_W = 0x13;
    private static final int TABLESWITCH = 0xAA;
    private static final int LOOKUPSWITCH = 0xAB;
    private static final int WIDE = 0xC4;
    private static final int IINC = 0x84;
    private static final int GOTO_W = 0xC8;
    private static final int JSR_W = 0xC9;

    /** The fixed length of each opcode; 0 for the variable ones, -1 for what a class file may not hold. */
    private static final byte[] LENGTH = lengths();

    private Instructions() {
    }

    /** The length of the instruction at {@code pc} of the code starting at {@code code}; -1 if invalid. */
    static int length(byte[] b, int code, int pc) {
        int op = u1(b, code + pc);
        int fixed = LENGTH[op];
        if (fixed != 0) {
            return fixed;
        }
        if (op == WIDE) {
            return u1(b, code + pc + 1) == IINC ? 6 : 4;
        }
        int operands = switchOperands(pc);
        if (op == TABLESWITCH) {
            long cases = (long) u4(b, code + operands + 8) - u4(b, code + operands + 4) + 1;
            return cases < 0 || cases > 0xFFFF ? -1 : operands + 12 + 4 * (int) cases - pc;
        }
        int pairs = u4(b, code + operands + 4); // lookupswitch
        return pairs < 0 || pairs > 0xFFFF ? -1 : operands + 8 + 8 * pairs - pc;
    }

    /** Whether the instruction holds a 2-byte branch offset right after its opcode (if*, goto, jsr). */
    static boolean hasShortBranch(int op) {
        return (op >= 0x99 && op <= 0xA8) || op == 0xC6 || op == 0xC7;
    }

    /** tableswitch and lookupswitch, whose operands start at a multiple of 4 bytes from the code's start. */
    static boolean isSwitch(int op) {
        return op == TABLESWITCH || op == LOOKUPSWITCH;
    }

    /** Whether it holds 4-byte offsets: goto_w and jsr_w one, the switches one per case plus the default. */
    static boolean hasWideOffsets(int op) {
        return op == GOTO_W || op == JSR_W || op == TABLESWITCH || op == LOOKUPSWITCH;
    }

    /**
     * Where, relative to the code, the 4-byte offsets of the goto_w, jsr_w or switch at {@code pc} are: one for the
     * first two; for a switch its default's, then one per case.
     */
    static int[] wideOffsetPositions(byte[] b, int code, int pc) {
        int op = u1(b, code + pc);
        if (op == GOTO_W || op == JSR_W) {
            return new int[] {pc + 1};
        }
        int operands = switchOperands(pc);
        boolean table = op == TABLESWITCH;
        int cases = table ? u4(b, code + operands + 8) - u4(b, code + operands + 4) + 1 : u4(b, code + operands + 4);
        int[] positions = new int[cases + 1];
        positions[0] = operands;
        for (int i = 0; i < cases; i++) {
            positions[i + 1] = table ? operands + 12 + 4 * i : operands + 8 + 8 * i + 4; // lookupswitch: after the key
        }
        return positions;
    }

    /** A switch's operands begin at the next multiple of 4 after its opcode. */
    private static int switchOperands(int pc) {
        return (pc + 4) & ~3;
    }

    private static byte[] lengths() {
        byte[] length = new byte[256];
        java.util.Arrays.fill(length, (byte) -1);
        fill(length, 0x00, 0x0F, 1);  // nop .. dconst_1
        length[0x10] = 2;             // bipush
        length[0x11] = 3;             // sipush
        length[0x12] = 2;             // ldc
        fill(length, 0x13, 0x14, 3);  // ldc_w, ldc2_w
        fill(length, 0x15, 0x19, 2);  // iload .. aload
        fill(length, 0x1A, 0x35, 1);  // iload_0 .. saload
        fill(length, 0x36, 0x3A, 2);  // istore .. astore
        fill(length, 0x3B, 0x83, 1);  // istore_0 .. lxor
        length[IINC] = 3;
        fill(length, 0x85, 0x98, 1);  // conversions, comparisons
        fill(length, 0x99, 0xA8, 3);  // if*, goto, jsr
        length[0xA9] = 2;             // ret
        length[TABLESWITCH] = 0;
        length[LOOKUPSWITCH] = 0;
        fill(length, 0xAC, 0xB1, 1);  // returns
        fill(length, 0xB2, 0xB8, 3);  // field access, invokevirtual/special/static
        fill(length, 0xB9, 0xBA, 5);  // invokeinterface, invokedynamic
        length[0xBB] = 3;             // new
        length[0xBC] = 2;             // newarray
        length[0xBD] = 3;             // anewarray
        fill(length, 0xBE, 0xBF, 1);  // arraylength, athrow
        fill(length, 0xC0, 0xC1, 3);  // checkcast, instanceof
        fill(length, 0xC2, 0xC3, 1);  // monitorenter, monitorexit
        length[WIDE] = 0;
        length[0xC5] = 4;             // multianewarray
        fill(length, 0xC6, 0xC7, 3);  // ifnull, ifnonnull
        fill(length, GOTO_W, JSR_W, 5);
        return length;
    }

    private static void fill(byte[] length, int from, int to, int value) {
        for (int op = from; op <= to; op++) {
            length[op] = (byte) value;
        }
    }
}
