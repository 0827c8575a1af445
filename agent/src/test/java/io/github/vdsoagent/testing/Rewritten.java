package io.github.vdsoagent.testing;

import io.github.vdsoagent.vocabulary.SiteIds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test helpers: a class's bytes from the class path, and a loader that defines a class from given bytes. */
public final class Rewritten {
    private Rewritten() {
    }

    public static byte[] bytesOf(Class<?> type) {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Defines {@code name} from {@code bytes} in a fresh child-first loader; everything else comes from the parent. */
    public static Class<?> define(String name, byte[] bytes) {
        return new SingleClassLoader(name, bytes, Rewritten.class.getClassLoader()).load();
    }

    /** A SiteIds that gives consecutive ids and remembers nothing: for tests of the rewriter alone. */
    public static SiteIds counting(int[] registered) {
        return (loaderId, className, methodName, descriptor, instruction, file, line, api) -> registered[0]++;
    }

    private static final class SingleClassLoader extends ClassLoader {
        private final String name;
        private final byte[] bytes;

        SingleClassLoader(String name, byte[] bytes, ClassLoader parent) {
            super("rewritten-" + name, parent);
            this.name = name;
            this.bytes = bytes;
        }

        Class<?> load() {
            try {
                return loadClass(name, true);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(className)) {
                if (!className.equals(name)) {
                    return super.loadClass(className, resolve);
                }
                Class<?> loaded = findLoadedClass(className);
                if (loaded == null) {
                    loaded = defineClass(className, bytes, 0, bytes.length);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
