package io.github.vdsoagent.sites;

import io.github.vdsoagent.vocabulary.SiteIds;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every call site the agent has rewritten, by id. A site is registered when its class is rewritten; rewriting the
 * same class again (a second attach, a retransformation by another agent) finds the same site and its id, so the
 * registry, and the counters it indexes, stay bounded by the code, not by how often it is rewritten.
 */
public final class SiteRegistry implements SiteIds {
    /** The sites of each class, by loader and class name: one map entry per class, not per site. */
    private final Map<ClassKey, ClassSites> byClass = new HashMap<>();
    private CallSite[] byId = new CallSite[64];
    private int size;

    /**
     * @param loaderId    distinguishes same-named classes of different class loaders
     * @param instruction the call's position among the method's invoke instructions
     */
    public synchronized CallSite register(int loaderId, String className, String methodName, String methodDescriptor,
                                          int instruction, String sourceFile, int line, TimeApi api) {
        ClassKey key = new ClassKey(loaderId, className);
        ClassSites owner = byClass.get(key);
        if (owner == null) {
            owner = new ClassSites(loaderId, className, sourceFile);
            byClass.put(key, owner);
        }
        CallSite site = owner.find(methodName, methodDescriptor, instruction);
        if (site == null || site.api() != api) {
            site = owner.add(size, methodName, methodDescriptor, instruction, line, api);
            if (size == byId.length) {
                byId = Arrays.copyOf(byId, size * 2);
            }
            byId[size++] = site;
        }
        return site;
    }

    @Override
    public int idFor(int loaderId, String className, String methodName, String methodDescriptor, int instruction,
                     String sourceFile, int line, TimeApi api) {
        return register(loaderId, className, methodName, methodDescriptor, instruction, sourceFile, line, api).id();
    }

    public synchronized int size() {
        return size;
    }

    /** The site with this id; null if there is none yet. */
    public synchronized CallSite site(int id) {
        return id >= 0 && id < size ? byId[id] : null;
    }

    public synchronized List<CallSite> sites() {
        return Collections.unmodifiableList(Arrays.asList(Arrays.copyOf(byId, size)));
    }

    private static final class ClassKey {
        final int loaderId;
        final String className;

        ClassKey(int loaderId, String className) {
            this.loaderId = loaderId;
            this.className = className;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ClassKey && loaderId == ((ClassKey) o).loaderId
                    && className.equals(((ClassKey) o).className);
        }

        @Override
        public int hashCode() {
            return loaderId * 31 + className.hashCode();
        }
    }
}
