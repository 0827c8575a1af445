package io.github.vdsoagent.protocol;

import io.github.vdsoagent.files.FileOwner;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the agents of one user announce themselves, like the JVM's own hsperfdata directories:
 * {@code <java.io.tmpdir>/vdso-agent-<uid>/}, holding {@code <pid>.properties} (the status {@code list} reads) and
 * {@code <pid>.control/} (where the CLI drops requests). Named by uid, not user name: a name can be overridden
 * with -Duser.name, and differs between a container and its host. It is used only while it is a real directory,
 * owned by that uid, with no access for anyone else, so that nobody else can plant or read a status.
 */
public final class AgentDirectory {
    static final String PREFIX = "vdso-agent-";
    private static final int GROUP_OR_OTHER = 077;

    private final Path path;
    private final int uid;

    private AgentDirectory(Path path, int uid) {
        this.path = path;
        this.uid = uid;
    }

    /** The directory of the agents of {@code uid} that use {@code tmpdir} as java.io.tmpdir. */
    public static AgentDirectory of(Path tmpdir, int uid) {
        return new AgentDirectory(tmpdir.resolve(PREFIX + uid), uid);
    }

    /** This process's; null without /proc (no uid to name it by). */
    public static AgentDirectory ofThisProcess() {
        int uid = FileOwner.processUid();
        return uid < 0 ? null : of(Paths.get(System.getProperty("java.io.tmpdir")), uid);
    }

    public Path path() {
        return path;
    }

    public Path statusFile(long pid) {
        return path.resolve(pid + ".properties");
    }

    public Path controlDirectory(long pid) {
        return path.resolve(pid + ".control");
    }

    /** Whether it exists as a real directory of its uid's alone. */
    public boolean isPrivate() {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) && FileOwner.uid(path) == uid
                && (FileOwner.mode(path) & GROUP_OR_OTHER) == 0;
    }

    /** Creates it if missing (for the agent, as its uid); false if it exists but is not private. */
    public boolean createPrivate() throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // another JVM of this user made it: checked below like any other
            }
        }
        return isPrivate();
    }
}
