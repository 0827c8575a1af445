package io.github.vdsoagent.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether a path may be replaced by a file the agent writes (a report, above all): only a new path, a regular file
 * of this user's, or a symbolic link to a regular file or to nothing (the link itself is replaced, never followed).
 * A device, a FIFO, a socket or a directory is never replaced (as root, a report at /dev/null would otherwise
 * destroy the device node), nor a link to one (/dev/stderr is a link), nor another user's file.
 */
public final class ReplaceableFile {
    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR = 0100000;
    private static final int LINK = 0120000;

    private ReplaceableFile() {
    }

    /** Null if {@code path} may be replaced; else why not, in words a user can act on. */
    public static String whyNot(Path path) {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return null;
        } catch (IOException | UnsupportedOperationException | SecurityException | IllegalArgumentException e) {
            return null; // the write itself will fail, or not, and say why
        }
        int type = (Integer) attributes.get("mode") & TYPE_MASK;
        if (type == LINK) {
            return whyNotLink(path);
        }
        if (type != REGULAR) {
            return path + " is " + kind(type) + ", not a regular file: a report goes only to a regular file or a new"
                    + " path";
        }
        int owner = (Integer) attributes.get("uid");
        int self = FileOwner.processUid();
        if (self >= 0 && owner != self) {
            return path + " belongs to uid " + owner + ", not to this process's uid " + self
                    + ": the agent never replaces another user's file";
        }
        return null;
    }

    /** A link is replaced itself, but not when it leads to what is never replaced: /dev/stderr leads to a terminal. */
    private static String whyNotLink(Path link) {
        int target;
        try {
            target = (Integer) Files.getAttribute(link, "unix:mode") & TYPE_MASK;
        } catch (NoSuchFileException dangling) {
            return null;
        } catch (IOException | UnsupportedOperationException | SecurityException | IllegalArgumentException e) {
            return null; // as for the path itself: the write will say why it fails
        }
        if (target == REGULAR) {
            return null;
        }
        return link + " is a link to " + kind(target) + ", not to a regular file: a report goes only to a regular"
                + " file or a new path";
    }

    private static String kind(int type) {
        switch (type) {
            case 0040000:
                return "a directory";
            case 0020000:
                return "a character device";
            case 0060000:
                return "a block device";
            case 0010000:
                return "a FIFO";
            case 0140000:
                return "a socket";
            default:
                return "a special file";
        }
    }
}
