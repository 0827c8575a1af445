package io.github.vdsoagent.attach;

import io.github.vdsoagent.files.FileOwner;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;

/**
 * An attach socket {@code /tmp/.java_pid<pid>} that nothing listens on: left by an earlier JVM with the target's
 * pid, killed before it could remove it (pids come round, within a day on a host whose pid_max is 32768). The JDK's
 * attach, finding the file, connects instead of starting the target's listener, and is refused. A starting JVM
 * removes such a file itself, but cannot when another user owns it ({@code /tmp} is sticky). So after a failed
 * attach the CLI removes it, if it may, and starts the listener again; if it may not, it names the file.
 */
final class StaleAttachSocket {
    private StaleAttachSocket() {
    }

    /**
     * Removes the target's attach socket if it is stale; returns whether it did. Throws when it is stale and this
     * user cannot remove it, so that no attach can succeed until its owner or root does.
     */
    static boolean removeIfStale(long pid) throws TargetException {
        Path socket;
        try {
            socket = AttachListenerStart.socket(pid);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        Object file = fileKey(socket);
        if (file == null || !isStale(socket, FileOwner.uid(Paths.get("/proc", Long.toString(pid))))) {
            return false;
        }
        try {
            if (Objects.equals(file, fileKey(socket))) { // not one the target's listener has put there meanwhile
                Files.delete(socket);
            }
            return true;
        } catch (IOException e) {
            throw new TargetException("cannot attach to JVM " + pid + ": " + socket + " is an attach socket that"
                    + " nothing listens on, left by an earlier process with that pid, and it belongs to uid "
                    + FileOwner.uid(socket) + ", so neither this user nor the JVM can replace it; remove that file"
                    + " (as its owner or root) and try again", e);
        }
    }

    /**
     * Refused: no listener has that file. Not allowed to connect: the file is not the target's, since a JVM's
     * listener makes its socket as the JVM's user, readable by that user alone.
     */
    private static boolean isStale(Path socket, int targetUid) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return false; // a listener: closing at once, before any request, is what HotSpot's ignores quietly
        } catch (ConnectException e) {
            return true;
        } catch (SocketException e) { // Permission denied
            int owner = FileOwner.uid(socket);
            return owner >= 0 && owner != targetUid;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Object fileKey(Path socket) {
        try {
            return Files.readAttributes(socket, "unix:ino,dev", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
