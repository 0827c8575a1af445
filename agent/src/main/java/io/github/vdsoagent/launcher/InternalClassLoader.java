package io.github.vdsoagent.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's internals (its own code, ByteBuddy's ASM, JNA, SLF4J, picocli, Jackson) from {@code vdso-internal/}
 * inside the agent jar, where they are stored as {@code .classdata} so that no other class loader, and no class-path
 * scanner, ever sees them. Its parent is the platform class loader: the application's classes, and its own versions
 * of the same libraries, are invisible from here. Two packages are shared with the application's side instead of
 * being loaded twice: the launcher and the boot-path clock stub.
 */
final class InternalClassLoader extends ClassLoader {
    static final String PREFIX = "vdso-internal/";
    private static final String[] SHARED_PACKAGES = {"io.github.vdsoagent.launcher.", "io.github.vdsoagent.boot."};

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final String jarUrl;
    private final ClassLoader sharedLoader;
    private final ProtectionDomain domain;
    private final Map<String, ClassLoader> jdkModuleLoaders = new ConcurrentHashMap<>();

    InternalClassLoader(File jarFile, ClassLoader sharedLoader) throws IOException {
        super("vdso-agent", ClassLoader.getPlatformClassLoader());
        this.jar = new JarFile(jarFile, false);
        this.jarUrl = jarFile.toURI().toURL().toString();
        this.sharedLoader = sharedLoader;
        this.domain = new ProtectionDomain(new CodeSource(jarFile.toURI().toURL(), (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String shared : SHARED_PACKAGES) {
            if (name.startsWith(shared)) {
                return sharedLoader.loadClass(name);
            }
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findOwnClass(name);
            }
            if (loaded == null) {
                loaded = findJdkClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private Class<?> findOwnClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
        if (entry == null) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name + ": cannot read it from the agent jar", e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String pkg = className.substring(0, dot);
        if (getDefinedPackage(pkg) == null) {
            try {
                definePackage(pkg, null, null, null, null, null, null, null);
            } catch (IllegalArgumentException raced) {
                // another thread defined it first
            }
        }
    }

    /**
     * JDK classes: the platform loader first; then the JDK modules it does not see (jdk.attach belongs to the
     * application class loader, yet the CLI needs it), resolved through the boot layer, never the class path.
     */
    private Class<?> findJdkClass(String name) throws ClassNotFoundException {
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException notPlatform) {
            ClassLoader moduleLoader = jdkModuleLoader(name);
            if (moduleLoader == null) {
                throw notPlatform;
            }
            return Class.forName(name, false, moduleLoader);
        }
    }

    private ClassLoader jdkModuleLoader(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String pkg = className.substring(0, dot);
        return jdkModuleLoaders.computeIfAbsent(pkg, p -> ModuleLayer.boot().modules().stream()
                .filter(m -> m.getPackages().contains(p) && m.isExported(p))
                .map(Module::getClassLoader)
                .filter(loader -> loader != null)
                .findFirst().orElse(null));
    }

    /** The agent's own resources (its native helper, JNA's) first: no need to search the JDK's modules for them. */
    @Override
    public URL getResource(String name) {
        if (name.startsWith("io/github/vdsoagent/") || name.startsWith("com/sun/jna/")) {
            URL own = findResource(name);
            if (own != null) {
                return own;
            }
        }
        return super.getResource(name);
    }

    @Override
    protected URL findResource(String name) {
        JarEntry entry = jar.getJarEntry(internalName(name));
        if (entry == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl + "!/" + entry.getName());
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }

    private static String internalName(String resource) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        if (path.endsWith(".class")) {
            path = path.substring(0, path.length() - ".class".length()) + ".classdata";
        }
        return PREFIX + path;
    }
}
