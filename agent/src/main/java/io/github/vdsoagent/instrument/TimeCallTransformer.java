package io.github.vdsoagent.instrument;

import io.github.vdsoagent.vocabulary.SiteIds;
import io.github.vdsoagent.vocabulary.TimeApi;
import io.github.vdsoagent.log.AgentLog;
import org.slf4j.Logger;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's class file transformer: filters by name, pre-scans the constant pool, and rewrites the few classes
 * that call a time API. It remembers which classes it rewrote so that {@link ClassRewriting#restore} can put
 * their original bytes back. Whatever goes wrong with one class leaves that class as it was.
 */
public final class TimeCallTransformer implements ClassFileTransformer {
    private static final Logger log = AgentLog.get(TimeCallTransformer.class);

    private final ClassFilter filter;
    private final CoarseChoice coarse;
    private final SiteIds siteIds;
    private final Instrumentation instrumentation;
    private final ClassLoader agentLoader;
    private final Module stubModule;
    private volatile boolean active = true;

    /** Class loader (null for the boot loader's key) to the internal names rewritten in it. */
    private final Map<ClassLoader, Set<String>> rewritten = Collections.synchronizedMap(new WeakHashMap<>());
    private final Set<String> rewrittenByBootLoader = ConcurrentHashMap.newKeySet();
    private final Set<Module> modulesReadingStub = ConcurrentHashMap.newKeySet();
    /** For a class offered again with the same bytes after its definition failed: rewritten once, counted once. */
    private final RecentRewrites recent;

    // AtomicLong, not LongAdder: class loading is too rare for contention to matter, and a LongAdder's first use
    // loads a dozen classes at premain.
    final AtomicLong classesScanned = new AtomicLong();
    /** While the session's start rewrites loaded classes: where the methods with rewritten sites are noted. */
    private volatile Set<String> collecting;
    private volatile List<String> runningAtStart = List.of();
    final AtomicLong classesRewritten = new AtomicLong();
    final AtomicLong sitesFound = new AtomicLong();
    final AtomicLong classesFailed = new AtomicLong();

    /**
     * @param agentLoader the class loader of the agent's own classes, never rewritten (null: none to skip)
     * @param stubClass   the clock stub that rewritten code calls
     */
    public TimeCallTransformer(ClassFilter filter, SiteIds siteIds, Instrumentation instrumentation,
                               ClassLoader agentLoader, Class<?> stubClass) {
        this(filter, CoarseChoice.NONE, siteIds, instrumentation, agentLoader, stubClass);
    }

    /** @param coarse the sites that read the coarse clock instead of the precise one */
    public TimeCallTransformer(ClassFilter filter, CoarseChoice coarse, SiteIds siteIds,
                               Instrumentation instrumentation, ClassLoader agentLoader, Class<?> stubClass) {
        this(filter, coarse, siteIds, instrumentation, agentLoader, stubClass, new RecentRewrites(true));
    }

    /** With the classes offered again kept as {@code recent} says (tests keep them whatever the collector does). */
    TimeCallTransformer(ClassFilter filter, SiteIds siteIds, Instrumentation instrumentation, ClassLoader agentLoader,
                        Class<?> stubClass, RecentRewrites recent) {
        this(filter, CoarseChoice.NONE, siteIds, instrumentation, agentLoader, stubClass, recent);
    }

    private TimeCallTransformer(ClassFilter filter, CoarseChoice coarse, SiteIds siteIds,
                                Instrumentation instrumentation, ClassLoader agentLoader, Class<?> stubClass,
                                RecentRewrites recent) {
        this.recent = recent;
        this.filter = filter;
        this.coarse = coarse;
        this.agentLoader = agentLoader;
        this.siteIds = siteIds;
        this.instrumentation = instrumentation;
        this.stubModule = stubClass.getModule();
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (!active || className == null || (agentLoader != null && loader == agentLoader) || !filter.accepts(className)) {
            return null;
        }
        if (classBeingRedefined == null) {
            classesScanned.incrementAndGet(); // a retransformed class was counted when the session examined it
        }
        try {
            if (!ConstantPoolScanner.mayCallTimeApi(classFile)) {
                return null;
            }
            if (classBeingRedefined == null) {
                byte[] again = recent.get(loader, className, classFile);
                if (again != null) {
                    return again;
                }
            }
            CountingSiteIds counting = new CountingSiteIds(siteIds, collecting);
            byte[] result = CallSiteRewriter.rewrite(classFile, System.identityHashCode(loader), counting, coarse);
            if (result == null) {
                return null;
            }
            letModuleReadStub(module);
            remember(loader, className);
            classesRewritten.incrementAndGet();
            sitesFound.addAndGet(counting.count);
            if (classBeingRedefined == null) {
                recent.put(loader, className, classFile, result);
            }
            return result;
        } catch (Throwable e) {
            classesFailed.incrementAndGet();
            log.debug("left {} as it was: {}", className.replace('/', '.'), e.toString());
            return null;
        }
    }

    /** Stops rewriting: classes loaded or retransformed from now on keep their own bytes. */
    public void deactivate() {
        active = false;
    }

    public boolean isActive() {
        return active;
    }

    /** Whether the class named so, in that loader, was rewritten by this transformer. */
    boolean wasRewritten(ClassLoader loader, String internalName) {
        if (loader == null) {
            return rewrittenByBootLoader.contains(internalName);
        }
        Set<String> names = rewritten.get(loader);
        return names != null && names.contains(internalName);
    }

    public TransformStats stats() {
        return new TransformStats(classesScanned.get(), classesRewritten.get(), sitesFound.get(), classesFailed.get(),
                runningAtStart);
    }

    /** Classes already loaded that the session examined as it started. */
    void countScanned(int classes) {
        classesScanned.addAndGet(classes);
    }

    /** From now on, notes the methods whose sites are rewritten; returns where. */
    Set<String> collectMethods() {
        Set<String> methods = ConcurrentHashMap.newKeySet();
        collecting = methods;
        return methods;
    }

    void stopCollecting(List<String> running) {
        collecting = null;
        runningAtStart = List.copyOf(running);
    }

    private void remember(ClassLoader loader, String internalName) {
        if (loader == null) {
            rewrittenByBootLoader.add(internalName);
        } else {
            synchronized (rewritten) { // no computeIfAbsent lambda: this runs at premain
                Set<String> names = rewritten.get(loader);
                if (names == null) {
                    names = ConcurrentHashMap.newKeySet();
                    rewritten.put(loader, names);
                }
                names.add(internalName);
            }
        }
    }

    /** A class in a named module can only call the stub if its module reads the stub's (unnamed) module. */
    private void letModuleReadStub(Module module) {
        if (module == null || !module.isNamed() || module.canRead(stubModule) || !modulesReadingStub.add(module)) {
            return;
        }
        instrumentation.redefineModule(module, Set.of(stubModule), Map.of(), Map.of(), Set.of(), Map.of());
    }

    /** Counts the sites of one class as they are registered, and notes their methods while asked to. */
    private static final class CountingSiteIds implements SiteIds {
        private final SiteIds delegate;
        private final Set<String> methods;
        int count;

        CountingSiteIds(SiteIds delegate, Set<String> methods) {
            this.delegate = delegate;
            this.methods = methods;
        }

        @Override
        public int idFor(int loaderId, String className, String methodName, String methodDescriptor, int instruction,
                         String sourceFile, int line, TimeApi api) {
            count++;
            if (methods != null) {
                methods.add(className + '.' + methodName);
            }
            return delegate.idFor(loaderId, className, methodName, methodDescriptor, instruction, sourceFile, line, api);
        }
    }
}
