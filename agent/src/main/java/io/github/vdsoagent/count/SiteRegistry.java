package io.github.vdsoagent.count;

import io.github.vdsoagent.instrument.SiteIds;
import io.github.vdsoagent.instrument.TimeApi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every call site the agent has rewritten, by id. A site is registered when its class is rewritten; rewriting the
 * same class again (a second attach, a retransformation by another agent) finds the same site and its id, so the
 * registry, and the counters it indexes, stay bounded by the code, not by how often it is rewritten.
 */
public final class SiteRegistry implements SiteIds {
    private final Map<Key, CallSite> byKey = new HashMap<>();
    private final List<CallSite> byId = new ArrayList<>();

    /**
     * @param loaderId    distinguishes same-named classes of different class loaders
     * @param instruction the call's position among the method's invoke instructions
     */
    public synchronized CallSite register(int loaderId, String className, String methodName, String methodDescriptor,
                                          int instruction, String sourceFile, int line, TimeApi api) {
        Key key = new Key(loaderId, className, methodName, methodDescriptor, instruction);
        CallSite site = byKey.get(key);
        if (site == null || site.api() != api) {
            site = new CallSite(byId.size(), className, methodName, sourceFile, line, api);
            byId.add(site);
            byKey.put(key, site);
        }
        return site;
    }

    @Override
    public int idFor(int loaderId, String className, String methodName, String methodDescriptor, int instruction,
                     String sourceFile, int line, TimeApi api) {
        return register(loaderId, className, methodName, methodDescriptor, instruction, sourceFile, line, api).id();
    }

    public synchronized int size() {
        return byId.size();
    }

    public synchronized List<CallSite> sites() {
        return Collections.unmodifiableList(new ArrayList<>(byId));
    }

    private static final class Key {
        final int loaderId;
        final String className;
        final String methodName;
        final String methodDescriptor;
        final int instruction;

        Key(int loaderId, String className, String methodName, String methodDescriptor, int instruction) {
            this.loaderId = loaderId;
            this.className = className;
            this.methodName = methodName;
            this.methodDescriptor = methodDescriptor;
            this.instruction = instruction;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return loaderId == k.loaderId && instruction == k.instruction && className.equals(k.className)
                    && methodName.equals(k.methodName) && methodDescriptor.equals(k.methodDescriptor);
        }

        @Override
        public int hashCode() {
            return Objects.hash(loaderId, className, methodName, methodDescriptor, instruction);
        }
    }
}
