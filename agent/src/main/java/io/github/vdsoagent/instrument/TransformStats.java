package io.github.vdsoagent.instrument;

/** What the transformer has done so far. */
public final class TransformStats {
    private final long classesSeen;
    private final long classesRewritten;
    private final long sitesFound;
    private final long classesFailed;

    TransformStats(long classesSeen, long classesRewritten, long sitesFound, long classesFailed) {
        this.classesSeen = classesSeen;
        this.classesRewritten = classesRewritten;
        this.sitesFound = sitesFound;
        this.classesFailed = classesFailed;
    }

    /** Classes that passed the name filter and were scanned. */
    public long classesSeen() {
        return classesSeen;
    }

    public long classesRewritten() {
        return classesRewritten;
    }

    /** Call sites rewritten, counting a class again each time it is rewritten. */
    public long sitesFound() {
        return sitesFound;
    }

    /** Classes left as they were because rewriting them failed. */
    public long classesFailed() {
        return classesFailed;
    }
}
