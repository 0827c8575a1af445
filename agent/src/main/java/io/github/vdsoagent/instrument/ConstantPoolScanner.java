package io.github.vdsoagent.instrument;

import io.github.vdsoagent.vocabulary.TimeApi;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static io.github.vdsoagent.instrument.ClassFileBytes.CLASS;
import static io.github.vdsoagent.instrument.ClassFileBytes.INTERFACE_METHODREF;
import static io.github.vdsoagent.instrument.ClassFileBytes.METHODREF;
import static io.github.vdsoagent.instrument.ClassFileBytes.u2;
import static io.github.vdsoagent.instrument.ClassFileBytes.u4;

/**
 * Decides, from a class file's constant pool alone, whether the class can call any time API: it must hold a
 * method reference whose class is one of the APIs' owners and whose name is one of the APIs' names. Most classes
 * have none, and for them this one linear pass over the pool is all the agent costs: no parsing into a tree, no
 * copying.
 */
final class ConstantPoolScanner {

    private static final byte[][] OWNER_NAMES = utf8(TimeApi.OWNERS);
    private static final byte[][] METHOD_NAMES = utf8(TimeApi.METHOD_NAMES);

    private ConstantPoolScanner() {
    }

    /**
     * True if the pool holds a Methodref or InterfaceMethodref to an owner of a time API. Unreadable input answers
     * false: the JVM will reject that class anyway, and the agent must not be the one to fail on it.
     */
    static boolean mayCallTimeApi(byte[] b) {
        try {
            return scan(b);
        } catch (IndexOutOfBoundsException malformed) {
            return false;
        }
    }

    private static boolean scan(byte[] b) {
        int[] offsets = poolOffsets(b);
        return offsets != null && timeApiRefs(b, offsets) != null;
    }

    /**
     * For each method, in the class file's order: whether its code holds an invoke instruction whose operand is a
     * method reference {@link #mayCallTimeApi} looks for. The code is not decoded, only searched for the opcode and
     * operand bytes: a match inside another instruction's operands flags a method for nothing, and a real call is
     * never missed. Null when the class has no such reference, or cannot be read this way (the rewriter then looks
     * at every method).
     */
    static boolean[] methodsThatMayCall(byte[] b) {
        try {
            int[] offsets = poolOffsets(b);
            boolean[] refs = offsets == null ? null : timeApiRefs(b, offsets);
            return refs == null ? null : methods(b, offsets, refs);
        } catch (IndexOutOfBoundsException malformed) {
            return null;
        }
    }

    /** Each pool entry's offset, then, at index 0, where the pool ends; null if this is no class file. */
    static int[] poolOffsets(byte[] b) {
        if (u4(b, 0) != 0xCAFEBABE) {
            return null;
        }
        int count = u2(b, 8);
        int[] offsets = new int[count];
        int pos = 10;
        for (int i = 1; i < count; i++) {
            offsets[i] = pos;
            int size = entrySize(b, pos);
            if (size < 0) {
                return null; // not a class file this JVM accepts
            }
            i += slots(b[pos]) - 1;
            pos += size;
        }
        offsets[0] = pos;
        return offsets;
    }

    /**
     * The size in bytes of the pool entry at {@code pos}, from its tag (and a Utf8 entry's length, in the two
     * bytes after it); -1 for a tag no class file this JVM accepts has.
     */
    static int entrySize(byte[] b, int pos) {
        switch (b[pos]) {
            case 1: // Utf8
                return 3 + u2(b, pos + 1);
            case 3: case 4: // Integer, Float
            case 9: case 10: case 11: case 12: // Fieldref, Methodref, InterfaceMethodref, NameAndType
            case 17: case 18: // Dynamic, InvokeDynamic
                return 5;
            case 5: case 6: // Long, Double
                return 9;
            case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                return 3;
            case 15: // MethodHandle
                return 4;
            default:
                return -1;
        }
    }

    /** How many pool indexes an entry with this tag takes: two for Long and Double, one for the others. */
    static int slots(byte tag) {
        return tag == 5 || tag == 6 ? 2 : 1;
    }

    /** Which pool entries are method references to a time API's owner and name; null if none is. */
    static boolean[] timeApiRefs(byte[] b, int[] offsets) {
        int count = offsets.length;
        boolean[] isOwnerClass = null;
        for (int i = 1; i < count; i++) {
            int at = offsets[i];
            if (at != 0 && b[at] == CLASS && isOneOf(OWNER_NAMES, b, offsets[u2(b, at + 1)])) {
                if (isOwnerClass == null) {
                    isOwnerClass = new boolean[count];
                }
                isOwnerClass[i] = true;
            }
        }
        if (isOwnerClass == null) {
            return null;
        }
        boolean[] refs = null;
        for (int i = 1; i < count; i++) {
            int at = offsets[i];
            if (at != 0 && (b[at] == METHODREF || b[at] == INTERFACE_METHODREF) && isOwnerClass[u2(b, at + 1)]) {
                int nameAndType = offsets[u2(b, at + 3)];
                if (isOneOf(METHOD_NAMES, b, offsets[u2(b, nameAndType + 1)])) {
                    if (refs == null) {
                        refs = new boolean[count];
                    }
                    refs[i] = true;
                }
            }
        }
        return refs;
    }

    /** After the pool: access, this, super, interfaces, fields, then each method's attributes, Code among them. */
    private static boolean[] methods(byte[] b, int[] offsets, boolean[] refs) {
        int pos = offsets[0] + 6;
        pos += 2 + 2 * u2(b, pos);
        int fields = u2(b, pos);
        pos += 2;
        for (int f = 0; f < fields; f++) {
            pos = skipAttributes(b, pos + 6);
        }
        int count = u2(b, pos);
        pos += 2;
        boolean[] mayCall = new boolean[count];
        for (int m = 0; m < count; m++) {
            int attributes = u2(b, pos + 6);
            pos += 8;
            for (int a = 0; a < attributes; a++) {
                int length = u4(b, pos + 2);
                if (isCode(b, offsets[u2(b, pos)])) {
                    int codeLength = u4(b, pos + 10);
                    mayCall[m] = invokesAny(b, pos + 14, pos + 14 + codeLength, refs);
                }
                pos += 6 + length;
            }
        }
        return mayCall;
    }

    static int skipAttributes(byte[] b, int pos) {
        int attributes = u2(b, pos);
        pos += 2;
        for (int a = 0; a < attributes; a++) {
            pos += 6 + u4(b, pos + 2);
        }
        return pos;
    }

    static boolean isCode(byte[] b, int at) {
        return b[at] == 1 && u2(b, at + 1) == 4 && b[at + 3] == 'C' && b[at + 4] == 'o' && b[at + 5] == 'd'
                && b[at + 6] == 'e';
    }

    /** invokevirtual, invokespecial, invokestatic or invokeinterface, followed by the index of one of {@code refs}. */
    static boolean invokesAny(byte[] b, int from, int to, boolean[] refs) {
        for (int i = from; i + 2 < to; i++) {
            int op = b[i] & 0xFF;
            if (op >= Instructions.INVOKEVIRTUAL && op <= Instructions.INVOKEINTERFACE) {
                int index = u2(b, i + 1);
                if (index < refs.length && refs[index]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the Utf8 entry at {@code at} spells one of {@code names}. */
    private static boolean isOneOf(byte[][] names, byte[] b, int at) {
        if (b[at] != 1) {
            return false;
        }
        int length = u2(b, at + 1);
        for (byte[] name : names) {
            if (name.length == length && regionEquals(b, at + 3, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionEquals(byte[] b, int from, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (b[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] utf8(Set<String> strings) {
        byte[][] bytes = new byte[strings.size()][];
        int i = 0;
        for (String s : strings) {
            bytes[i++] = s.getBytes(StandardCharsets.UTF_8); // all ASCII: the same bytes in modified UTF-8
        }
        return bytes;
    }
}
