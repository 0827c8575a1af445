package io.github.vdsoagent.bench.apps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** The class names in jars, for the programs that load a real library's classes. */
final class ClassJars {
    private ClassJars() {
    }

    static List<String> classNames(String[] jars, int from) throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = from; i < jars.length; i++) {
            try (JarFile jar = new JarFile(jars[i])) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String entry = e.nextElement().getName();
                    if (entry.endsWith(".class") && !entry.startsWith("META-INF/")
                            && !entry.endsWith("module-info.class") && !entry.endsWith("package-info.class")) {
                        names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        }
        return names;
    }

    /** Loads (without initializing) each class; returns how many loaded. */
    static int load(List<String> names, ClassLoader loader, int upToLoadedCount) {
        java.lang.management.ClassLoadingMXBean bean = upToLoadedCount > 0
                ? java.lang.management.ManagementFactory.getClassLoadingMXBean() : null;
        int loaded = 0;
        for (String name : names) {
            if (bean != null && bean.getLoadedClassCount() >= upToLoadedCount) {
                break;
            }
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                // an optional dependency of the library is missing: skip the class
            }
        }
        return loaded;
    }
}
