package io.github.vdsoagent.attach;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The JDK's attach mechanism, the one class that names jdk.attach's types: a runtime without that module can
 * load {@link AgentChannel} and say so in one line, instead of failing on a missing class.
 */
final class AttachMechanism {
    private static final int MIN_FEATURE = 17;

    private AttachMechanism() {
    }

    /** Loads the agent jar into the target with {@code request}; returns the target's Java feature release. */
    static int loadAgent(TargetProcess target, Path agentJar, String request) throws TargetException {
        VirtualMachine vm = attach(target);
        try {
            int feature = javaFeature(vm, target);
            vm.loadAgent(agentJar.toString(), request);
            return feature;
        } catch (AgentLoadException | AgentInitializationException e) {
            throw new TargetException("the agent could not start in JVM " + target.pid() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TargetException("lost the connection to JVM " + target.pid() + " (did it exit?): " + e.getMessage(), e);
        } finally {
            detachQuietly(vm);
        }
    }

    /**
     * Runs a diagnostic command in the target, as {@code jcmd PID COMMAND} does, and returns its output: HotSpot's
     * executeJCmd, in jdk.attach's sun.tools.attach, which the jar's manifest exports to the CLI
     * ({@code Add-Exports}, honoured for {@code java -jar}). Called by reflection: javac's --release 17 refuses to
     * compile against a package the module does not export.
     */
    static String jcmd(TargetProcess target, String command) throws TargetException {
        String name = command.indexOf(' ') < 0 ? command : command.substring(0, command.indexOf(' '));
        VirtualMachine vm = attach(target);
        try (InputStream output = (InputStream) vm.getClass().getMethod("executeJCmd", String.class).invoke(vm,
                command)) {
            return new String(output.readAllBytes(), StandardCharsets.UTF_8);
        } catch (InvocationTargetException e) { // the command failed in the target (AttachOperationFailedException)
            throw new TargetException("JVM " + target.pid() + " refused " + name + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new TargetException("this CLI cannot run diagnostic commands (" + e + "): run it as java -jar"
                    + " vdso-agent.jar, whose manifest exports jdk.attach's sun.tools.attach to it", e);
        } catch (IOException e) {
            throw new TargetException("lost the connection to JVM " + target.pid() + " (did it exit?): "
                    + e.getMessage(), e);
        } finally {
            detachQuietly(vm);
        }
    }

    /** Attaches; once more if the first attempt met a stale attach socket, which it removes first. */
    private static VirtualMachine attach(TargetProcess target) throws TargetException {
        for (int attempt = 1; ; attempt++) {
            AttachListenerStart.ensureStarted(target.pid()); // if not, the JDK's attach starts it, more slowly
            try {
                return VirtualMachine.attach(Long.toString(target.pid()));
            } catch (AttachNotSupportedException | IOException e) {
                if (!target.isAlive()) {
                    throw new TargetException("JVM " + target.pid() + " exited", e);
                }
                if (attempt > 1 || !StaleAttachSocket.removeIfStale(target.pid())) {
                    throw new TargetException("cannot attach to JVM " + target.pid() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * The target's Java feature release; throws for one the agent does not support. Its runtime's release file
     * tells without disturbing it; only when that cannot be read is the JVM asked.
     */
    private static int javaFeature(VirtualMachine vm, TargetProcess target) throws IOException, TargetException {
        int feature = target.javaFeatureFromRelease();
        String version = Integer.toString(feature);
        if (feature == 0) {
            version = vm.getSystemProperties().getProperty("java.specification.version", "0");
            feature = JavaRelease.feature(version);
        }
        if (feature < MIN_FEATURE) {
            throw new TargetException("JVM " + target.pid() + " runs Java " + version + "; vdso-agent needs Java "
                    + MIN_FEATURE + " or later");
        }
        return feature;
    }

    private static void detachQuietly(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException e) {
            // the target may have exited; nothing to release then
        }
    }
}
