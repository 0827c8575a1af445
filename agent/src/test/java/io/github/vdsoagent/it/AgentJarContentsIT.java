package io.github.vdsoagent.it;

import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the one jar a user needs may contain: at the top level only the launcher and the boot-loaded stub (what
 * the application's class loader sees of the agent); everything else hidden under vdso-internal/ as .classdata,
 * where no application class loader or class-path scanner finds it. A stray class anywhere else fails the build.
 */
class AgentJarContentsIT {
    private static final List<String> TOP_LEVEL = List.of("io/github/vdsoagent/launcher/", "io/github/vdsoagent/boot/");
    private static final List<String> INTERNAL = List.of("vdso-internal/io/github/vdsoagent/", "vdso-internal/com/sun/jna/");

    @Test
    void onlyTheLauncherAndStubAreVisibleClasses() throws IOException {
        List<String> stray = new ArrayList<>();
        boolean nativeHelper = false;
        boolean jnaDispatch = false;
        try (JarFile jar = new JarFile(JavaProcess.agentJar().toFile())) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                String name = entry.getName();
                if (entry.isDirectory() || name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                nativeHelper |= name.equals("vdso-internal/io/github/vdsoagent/native/linux-x86_64/libvdsoagent.so");
                jnaDispatch |= name.equals("vdso-internal/com/sun/jna/linux-x86-64/libjnidispatch.so");
                boolean ok = name.endsWith(".class") ? TOP_LEVEL.stream().anyMatch(name::startsWith)
                        : name.startsWith("vdso-internal/") && (!name.endsWith(".classdata")
                        || INTERNAL.stream().anyMatch(name::startsWith));
                if (!ok) {
                    stray.add(name);
                }
            }
        }
        assertTrue(stray.isEmpty(), "entries outside the agreed places: " + stray);
        assertTrue(jnaDispatch, "JNA's native dispatch library for linux-x86-64");
        if (System.getProperty("os.arch").equals("amd64")) {
            assertTrue(nativeHelper, "the native helper for this platform (built with a C compiler)");
        }
    }

    @Test
    void theManifestDeclaresEveryEntryPointAndCapability() throws IOException {
        try (JarFile jar = new JarFile(JavaProcess.agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            String launcher = "io.github.vdsoagent.launcher.AgentLauncher";
            assertEquals(launcher, main.getValue("Premain-Class"));
            assertEquals(launcher, main.getValue("Agent-Class"));
            assertEquals(launcher, main.getValue("Main-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertEquals("true", main.getValue("Can-Redefine-Classes"));
            assertNotNull(main.getValue("Implementation-Version"));
        }
    }
}
