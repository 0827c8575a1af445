package io.github.vdsoagent.attach;

import io.github.vdsoagent.launcher.AgentLauncher;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import io.github.vdsoagent.files.FileOwner;
import java.security.CodeSource;

/**
 * The jar the CLI loads into a target: its own. Loading it runs its code inside the target, so it must be a file
 * nobody else could have replaced: owned by this user or root, not writable by group or others, in a directory
 * others cannot write to (unless sticky, like /tmp, where they cannot replace another's file).
 */
public final class AgentJar {
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;

    private AgentJar() {
    }

    public static Path own() throws TargetException {
        CodeSource source = AgentLauncher.class.getProtectionDomain().getCodeSource();
        Path jar;
        try {
            jar = source == null ? null : Paths.get(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            jar = null;
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new TargetException("the CLI must run from vdso-agent.jar (java -jar vdso-agent.jar ...)");
        }
        checkSafe(jar.toAbsolutePath());
        return jar.toAbsolutePath();
    }

    static void checkSafe(Path jar) throws TargetException {
        try {
            Path real = jar.toRealPath();
            int self = FileOwner.processUid();
            int owner = uid(real);
            if (owner != self && owner != 0) {
                throw new TargetException(real + " belongs to uid " + owner + ": copy vdso-agent.jar somewhere of your own");
            }
            if ((mode(real) & GROUP_OR_OTHER_WRITE) != 0) {
                throw new TargetException(real + " is writable by others: chmod go-w it before attaching");
            }
            int dirMode = mode(real.getParent());
            if ((dirMode & GROUP_OR_OTHER_WRITE) != 0 && (dirMode & STICKY) == 0) {
                throw new TargetException(real.getParent() + " is writable by others, who could swap the jar:"
                        + " move vdso-agent.jar to a directory of your own");
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new TargetException("cannot check " + jar + ": " + e.getMessage(), e);
        }
    }

    private static int uid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }
}
