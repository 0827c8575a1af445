package io.github.vdsoagent.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A Unix socket file that nothing listens on, as a JVM killed with SIGKILL leaves its attach socket behind. */
public final class DeadSocket {
    private DeadSocket() {
    }

    /**
     * Binds a socket at {@code path} and closes it: the file stays, and a connect to it is refused. Read and write
     * for its owner only, as HotSpot makes its attach socket.
     */
    public static Path leaveAt(Path path) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
        }
        return Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }
}
