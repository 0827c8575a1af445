package io.github.vdsoagent.instrument;

import io.github.vdsoagent.log.AgentLog;
import org.slf4j.Logger;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies the transformer to the JVM: installs it, rewrites the classes loaded before it (at premain a handful,
 * at attach possibly thousands), and on stop retransforms every class it rewrote back to its original bytes.
 * Retransformation goes in small batches: each batch is one pause of the application's threads.
 */
public final class ClassRewriting {
    private static final Logger log = AgentLog.get(ClassRewriting.class);
    static final int BATCH = 50;

    private final Instrumentation instrumentation;
    private final TimeCallTransformer transformer;
    private final ClassFilter filter;
    private final ClassLoader agentLoader;

    public ClassRewriting(Instrumentation instrumentation, TimeCallTransformer transformer, ClassFilter filter,
                          ClassLoader agentLoader) {
        this.instrumentation = instrumentation;
        this.transformer = transformer;
        this.filter = filter;
        this.agentLoader = agentLoader;
    }

    /**
     * Installs the transformer and rewrites the already loaded classes that call a time API.
     *
     * @param findRunning whether to look, once the rewriting is done, for rewritten methods that were running (an
     *                    attach: at premain no application code runs yet)
     */
    public void install(boolean findRunning) {
        instrumentation.addTransformer(transformer, true);
        List<Class<?>> loaded = candidates();
        transformer.countScanned(loaded.size());
        Set<String> methods = findRunning ? transformer.collectMethods() : null;
        retransform(ParallelPrescan.mayCallTimeApi(loaded));
        if (methods != null) {
            transformer.stopCollecting(RunningMethods.among(methods));
        }
    }

    /** Stops rewriting and gives every rewritten class its original bytes back. Returns how many were restored. */
    public int restore() {
        transformer.deactivate();
        List<Class<?>> rewritten = candidates();
        rewritten.removeIf(c -> !transformer.wasRewritten(c.getClassLoader(), internalName(c)));
        int restored = retransform(rewritten);
        instrumentation.removeTransformer(transformer);
        return restored;
    }

    /** The loaded classes the agent may rewrite. */
    private List<Class<?>> candidates() {
        List<Class<?>> chosen = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (isCandidate(c)) {
                chosen.add(c);
            }
        }
        return chosen;
    }

    private int retransform(List<Class<?>> chosen) {
        int done = 0;
        for (int from = 0; from < chosen.size(); from += BATCH) {
            done += retransformBatch(chosen.subList(from, Math.min(chosen.size(), from + BATCH)));
        }
        return done;
    }

    private boolean isCandidate(Class<?> c) {
        return !c.isArray() && !c.isPrimitive()
                && c.getClassLoader() != agentLoader
                && instrumentation.isModifiableClass(c)
                && filter.accepts(internalName(c));
    }

    /**
     * One batch; if the JVM refuses it, class by class, so that one bad class does not spoil the rest. The JVM
     * reports some refusals (a class it calls invalid, such as one being unloaded) as an InternalError.
     */
    private int retransformBatch(List<Class<?>> batch) {
        try {
            instrumentation.retransformClasses(batch.toArray(new Class<?>[0]));
            return batch.size();
        } catch (UnmodifiableClassException | RuntimeException | LinkageError | InternalError batchFailed) {
            int done = 0;
            for (Class<?> c : batch) {
                try {
                    instrumentation.retransformClasses(c);
                    done++;
                } catch (UnmodifiableClassException | RuntimeException | LinkageError | InternalError e) {
                    log.debug("could not retransform {}: {}", c.getName(), e.toString());
                }
            }
            return done;
        }
    }

    private static String internalName(Class<?> c) {
        return c.getName().replace('.', '/');
    }
}
