package io.github.vdsoagent.instrument;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * Whether an already loaded class may call a time API, from its class file, so that attach retransforms (and
 * pauses the application for) only the classes that may. Retransforming the others costs more than reading them:
 * the JVM redefines a class even when no transformer changed it. A class from a jar file is read from that jar,
 * opened once for all its classes (its loader's getResourceAsStream builds URLs and connections per class, most
 * of attach's time with thousands of classes); others through their loader's resources. Each is read only through
 * its constant pool (ConstantPoolPrefix), which is all the scan needs. A class whose bytes
 * cannot be found (a generated one) is retransformed, and the transformer scans it then. Not thread-safe.
 */
final class LoadedClassPrescan implements Predicate<Class<?>>, AutoCloseable {
    /** Jars by path; null for a path that could not be opened, so that it is tried once. */
    private final Map<String, JarFile> jars = new HashMap<>();

    @Override
    public boolean test(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        if (loader == null) {
            return true;
        }
        String entry = c.getName().replace('.', '/') + ".class";
        try {
            byte[] bytes = fromJar(c, entry);
            if (bytes == null) {
                bytes = fromResource(loader, entry);
            }
            return bytes == null || ConstantPoolScanner.mayCallTimeApi(bytes);
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private byte[] fromJar(Class<?> c, String entryName) throws IOException {
        JarFile jar = jarOf(c);
        JarEntry entry = jar == null ? null : jar.getJarEntry(entryName);
        if (entry == null) {
            return null;
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return ConstantPoolPrefix.read(in);
        }
    }

    /** The jar file the class was loaded from, opened at the running JDK's version (multi-release jars), or null. */
    private JarFile jarOf(Class<?> c) {
        ProtectionDomain domain = c.getProtectionDomain();
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol()) || !location.getPath().endsWith(".jar")) {
            return null;
        }
        String key = location.toString();
        if (jars.containsKey(key)) {
            return jars.get(key);
        }
        JarFile jar = null;
        try {
            jar = new JarFile(new File(location.toURI()), false, ZipFile.OPEN_READ, Runtime.version());
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // read through the loader instead
        }
        jars.put(key, jar);
        return jar;
    }

    private static byte[] fromResource(ClassLoader loader, String entryName) throws IOException {
        try (InputStream in = loader.getResourceAsStream(entryName)) {
            return in == null ? null : ConstantPoolPrefix.read(in);
        }
    }

    @Override
    public void close() {
        for (JarFile jar : jars.values()) {
            if (jar != null) {
                try {
                    jar.close();
                } catch (IOException e) {
                    // read-only; nothing lost
                }
            }
        }
        jars.clear();
    }
}
