package io.github.vdsoagent.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A system user made for one test with useradd (no home, no login) and removed after it, for what needs a second
 * unprivileged user besides nobody. Needs root; tests that use it are skipped otherwise, with {@link #WHY_NOT}.
 */
public final class TemporaryUser implements AutoCloseable {
    public static final String WHY_NOT = "needs root, useradd and userdel to make a second unprivileged user";

    private final String name;

    private TemporaryUser(String name) {
        this.name = name;
    }

    public static TemporaryUser create() throws IOException, InterruptedException {
        String name = "vdsotest" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name));
        return new TemporaryUser(name);
    }

    public String name() {
        return name;
    }

    /** Runs a command as this user; fails if it fails. */
    public void run(String... command) throws IOException, InterruptedException {
        List<String> all = new java.util.ArrayList<>(List.of("/usr/sbin/runuser", "-u", name, "--"));
        all.addAll(List.of(command));
        run(all);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(command + " failed: " + out);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            run(List.of("userdel", name));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted removing " + name, e);
        }
    }
}
