package io.github.vdsoagent.instrument;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Decides, from a class file's constant pool alone, whether the class can call any time API: it must hold a
 * method reference whose class is one of the APIs' owners and whose name is one of the APIs' names. Most classes
 * have none, and for them this one linear pass over the pool is all the agent costs: no parsing into a tree, no
 * copying.
 */
final class ConstantPoolScanner {
    private static final int CLASS = 7;
    private static final int METHODREF = 10;
    private static final int INTERFACE_METHODREF = 11;

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
        if (u4(b, 0) != 0xCAFEBABE) {
            return false;
        }
        int count = u2(b, 8);
        int[] offsets = new int[count];
        boolean ownerFound = false;
        boolean[] isOwnerClass = null;
        int pos = 10;
        for (int i = 1; i < count; i++) {
            offsets[i] = pos;
            int tag = b[pos];
            switch (tag) {
                case 1: // Utf8
                    pos += 3 + u2(b, pos + 1);
                    break;
                case 3: case 4: // Integer, Float
                case 9: case 10: case 11: case 12: // Fieldref, Methodref, InterfaceMethodref, NameAndType
                case 17: case 18: // Dynamic, InvokeDynamic
                    pos += 5;
                    break;
                case 5: case 6: // Long, Double take two slots
                    pos += 9;
                    i++;
                    break;
                case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                    pos += 3;
                    break;
                case 15: // MethodHandle
                    pos += 4;
                    break;
                default:
                    return false; // not a class file this JVM accepts
            }
        }
        for (int i = 1; i < count; i++) {
            int at = offsets[i];
            if (at != 0 && b[at] == CLASS && isOneOf(OWNER_NAMES, b, offsets[u2(b, at + 1)])) {
                if (isOwnerClass == null) {
                    isOwnerClass = new boolean[count];
                }
                isOwnerClass[i] = true;
                ownerFound = true;
            }
        }
        if (!ownerFound) {
            return false;
        }
        for (int i = 1; i < count; i++) {
            int at = offsets[i];
            if (at != 0 && (b[at] == METHODREF || b[at] == INTERFACE_METHODREF) && isOwnerClass[u2(b, at + 1)]) {
                int nameAndType = offsets[u2(b, at + 3)];
                if (isOneOf(METHOD_NAMES, b, offsets[u2(b, nameAndType + 1)])) {
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

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int u4(byte[] b, int at) {
        return (u2(b, at) << 16) | u2(b, at + 2);
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
