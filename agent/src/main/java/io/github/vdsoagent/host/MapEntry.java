package io.github.vdsoagent.host;

/** One line of /proc/PID/maps: an address range, its permissions and its name ({@code [vdso]}, a path, ...). */
public final class MapEntry {
    private final long start;
    private final long end;
    private final String perms;
    private final String name;

    public MapEntry(long start, long end, String perms, String name) {
        this.start = start;
        this.end = end;
        this.perms = perms;
        this.name = name;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public long size() {
        return end - start;
    }

    public String perms() {
        return perms;
    }

    /** The pathname column, or "" for an anonymous mapping. */
    public String name() {
        return name;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    @Override
    public String toString() {
        return String.format("%016x-%016x %s %s", start, end, perms, name);
    }
}
