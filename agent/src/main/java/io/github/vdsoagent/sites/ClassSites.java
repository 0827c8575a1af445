package io.github.vdsoagent.sites;

import io.github.vdsoagent.vocabulary.TimeApi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The call sites of one class in one class loader, kept small because a JVM may hold tens of thousands: the sites'
 * method names as UTF-8 bytes in one array (a site keeps an offset, not a String of its own), and, once the class
 * has more than a few sites, an open-addressing index of int positions instead of hash map entries. Guarded by
 * the registry's lock.
 */
final class ClassSites {
    /** Up to this many sites, a lookup scans them; beyond, it uses the index. */
    private static final int SCAN_LIMIT = 8;

    final int loaderId;
    final String className;
    final String sourceFile;
    private CallSite[] sites = new CallSite[2];
    private int count;
    /** Slot -> position + 1 of a site (0: empty); null while {@link #SCAN_LIMIT} or fewer sites. */
    private int[] index;
    private byte[] names = new byte[32];
    private int namesLength;

    ClassSites(int loaderId, String className, String sourceFile) {
        this.loaderId = loaderId;
        this.className = className;
        this.sourceFile = sourceFile;
    }

    /** The site registered with these coordinates, or null. */
    CallSite find(String methodName, String methodDescriptor, int instruction) {
        if (index == null) {
            for (int i = 0; i < count; i++) {
                if (sites[i].isAt(methodName, methodDescriptor, instruction)) {
                    return sites[i];
                }
            }
            return null;
        }
        int mask = index.length - 1;
        for (int slot = hash(methodName, methodDescriptor, instruction) & mask; index[slot] != 0; slot = (slot + 1) & mask) {
            CallSite site = sites[index[slot] - 1];
            if (site.isAt(methodName, methodDescriptor, instruction)) {
                return site;
            }
        }
        return null;
    }

    /** A new site; it replaces, for later lookups, any site at the same coordinates (its API changed). */
    CallSite add(int id, String methodName, String methodDescriptor, int instruction, int line, TimeApi api) {
        CallSite previous = find(methodName, methodDescriptor, instruction);
        CallSite site = new CallSite(id, this, nameOffset(methodName), methodDescriptor, instruction, line, api);
        if (previous != null) {
            sites[positionOf(previous)] = site;
            return site;
        }
        if (count == sites.length) {
            sites = Arrays.copyOf(sites, count * 2);
        }
        sites[count++] = site;
        if (count > SCAN_LIMIT && (index == null || count * 2 > index.length)) {
            reindex();
        } else if (index != null) {
            insert(count - 1);
        }
        return site;
    }

    private int positionOf(CallSite site) {
        for (int i = 0; i < count; i++) {
            if (sites[i] == site) {
                return i;
            }
        }
        throw new IllegalStateException("not a site of " + className);
    }

    private void reindex() {
        index = new int[Integer.highestOneBit(count * 4 - 1)];
        for (int i = 0; i < count; i++) {
            insert(i);
        }
    }

    private void insert(int position) {
        CallSite site = sites[position];
        int mask = index.length - 1;
        int slot = hash(site.methodName(), site.methodDescriptor(), site.instruction()) & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = position + 1;
    }

    private static int hash(String methodName, String methodDescriptor, int instruction) {
        int h = (methodName.hashCode() * 31 + methodDescriptor.hashCode()) * 31 + instruction;
        return h ^ (h >>> 16);
    }

    /**
     * Where the name's bytes start; consecutive sites of one method (registered in a row) share them. The offset
     * and the length are packed: 40 bits of offset, 24 of length, so a site keeps one long.
     */
    private long nameOffset(String methodName) {
        byte[] bytes = methodName.getBytes(StandardCharsets.UTF_8);
        if (count > 0) {
            long last = sites[count - 1].nameBytes();
            int length = (int) (last & 0xFFFFFF);
            int offset = (int) (last >>> 24);
            if (length == bytes.length && Arrays.equals(names, offset, offset + length, bytes, 0, length)) {
                return last;
            }
        }
        if (namesLength + bytes.length > names.length) {
            names = Arrays.copyOf(names, Math.max(names.length * 2, namesLength + bytes.length));
        }
        System.arraycopy(bytes, 0, names, namesLength, bytes.length);
        long packed = ((long) namesLength << 24) | bytes.length;
        namesLength += bytes.length;
        return packed;
    }

    String name(long packed) {
        return new String(names, (int) (packed >>> 24), (int) (packed & 0xFFFFFF), StandardCharsets.UTF_8);
    }

    /** Whether the name at {@code packed} is {@code methodName}, without building a String. */
    boolean nameIs(long packed, String methodName) {
        int offset = (int) (packed >>> 24);
        int length = (int) (packed & 0xFFFFFF);
        byte[] bytes = methodName.getBytes(StandardCharsets.UTF_8);
        return bytes.length == length && Arrays.equals(names, offset, offset + length, bytes, 0, length);
    }
}
