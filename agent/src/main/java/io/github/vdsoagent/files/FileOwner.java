package io.github.vdsoagent.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Numeric owners, not names: a name can be overridden with -Duser.name and differs between a container and its
 * host, a uid does not. This process's uid is the owner of /proc/self, its effective uid.
 */
public final class FileOwner {
    private static volatile int processUid = -2;

    private FileOwner() {
    }

    /** The owner's uid of {@code path} itself (a link is not followed); -1 if it cannot be read. */
    public static int uid(Path path) {
        return attribute(path, "unix:uid");
    }

    public static int gid(Path path) {
        return attribute(path, "unix:gid");
    }

    /** The file's permission bits and type bits, as st_mode; -1 if they cannot be read. */
    public static int mode(Path path) {
        return attribute(path, "unix:mode");
    }

    /** This process's effective uid; -1 without /proc. */
    public static int processUid() {
        int known = processUid;
        if (known == -2) {
            try { // followed: the link /proc/self itself belongs to root
                known = (Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
            } catch (IOException | UnsupportedOperationException | SecurityException | IllegalArgumentException e) {
                known = -1;
            }
            processUid = known;
        }
        return known;
    }

    public static boolean isRoot() {
        return processUid() == 0;
    }

    /** Whether {@code path} itself is owned by this process's uid. */
    public static boolean isOwn(Path path) {
        int owner = uid(path);
        return owner >= 0 && owner == processUid();
    }

    private static int attribute(Path path, String name) {
        try {
            return (Integer) Files.getAttribute(path, name, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | SecurityException | IllegalArgumentException e) {
            return -1;
        }
    }
}
