package io.github.vdsoagent.elf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Builds vDSO-like images for other architectures with Debian's cross binutils, linked the way the kernel links
 * its vDSO: {@code -shared -nostdlib -soname=linux-vdso.so.1 -Bsymbolic}, a version script, and a linker script
 * (test resource elf/vdso.lds) that puts headers, dynamic tables and code in one R+X PT_LOAD at offset 0. The
 * resulting file is therefore also the image as it would lie in memory.
 */
final class CrossLinker {
    /** Each target: a source and version script in src/test/resources/elf, and how to assemble and link it. */
    enum Target {
        AARCH64("aarch64", "binutils-aarch64-linux-gnu", "aarch64-linux-gnu-", "gnu", List.of(), List.of()),
        /** Big-endian arm64 (aarch64_be): ELFCLASS64, MSB. */
        AARCH64_BE("aarch64", "binutils-aarch64-linux-gnu", "aarch64-linux-gnu-", "gnu", List.of("-EB"),
                List.of("-EB")),
        /** arm64's ILP32 ABI, big-endian: ELFCLASS32, MSB, with both hash tables (32-bit GNU bloom words). */
        AARCH64_ILP32_BE("aarch64", "binutils-aarch64-linux-gnu", "aarch64-linux-gnu-", "both",
                List.of("-EB", "-mabi=ilp32"), List.of("-m", "aarch64linux32b")),
        /** DT_HASH only. */
        RISCV64("riscv64", "binutils-riscv64-linux-gnu", "riscv64-linux-gnu-", "sysv", List.of(), List.of()),
        /** ELFCLASS32, LSB, two versions, a weak alias and a hidden version. */
        I386("i386", "binutils-x86-64-linux-gnu", "x86_64-linux-gnu-", "both", List.of("--32"),
                List.of("-m", "elf_i386")),
        /** ELFCLASS64, MSB, DT_HASH with 8-byte entries. */
        S390X("s390x", "binutils-s390x-linux-gnu", "s390x-linux-gnu-", "both", List.of(), List.of());

        final String source;
        final String debianPackage;
        final String toolPrefix;
        final String hashStyle;
        final List<String> asFlags;
        final List<String> ldFlags;

        Target(String source, String debianPackage, String toolPrefix, String hashStyle, List<String> asFlags,
                List<String> ldFlags) {
            this.source = source;
            this.debianPackage = debianPackage;
            this.toolPrefix = toolPrefix;
            this.hashStyle = hashStyle;
            this.asFlags = asFlags;
            this.ldFlags = ldFlags;
        }

        /** Why this target cannot be built here, or empty if it can. */
        Optional<String> missingTools() {
            Optional<String> as = Tools.missing(toolPrefix + "as", debianPackage);
            return as.isPresent() ? as : Tools.missing(toolPrefix + "ld", debianPackage);
        }
    }

    private static final Map<Target, byte[]> BUILT = new EnumMap<>(Target.class);

    private CrossLinker() {
    }

    /** The image for {@code target}, or the test is skipped with a message naming the package to install. */
    static byte[] imageOrSkip(Target target) throws IOException, InterruptedException {
        Optional<String> missing = target.missingTools();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "cannot build the " + target + " image: " + missing.get());
        return image(target);
    }

    /** The image for {@code target}; the tools must be present. Built once per JVM, a fresh copy each call. */
    static synchronized byte[] image(Target target) throws IOException, InterruptedException {
        byte[] image = BUILT.get(target);
        if (image == null) {
            image = build(target);
            BUILT.put(target, image);
        }
        return image.clone();
    }

    private static byte[] build(Target target) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("vdso-elf-" + target.name().toLowerCase() + "-");
        try {
            Path source = copyResource(dir, target.source + ".S");
            Path versions = copyResource(dir, target.source + ".map");
            Path script = copyResource(dir, "vdso.lds");
            Path object = dir.resolve("vdso.o");
            Path image = dir.resolve("vdso.so");

            List<String> as = new ArrayList<>(List.of(target.toolPrefix + "as"));
            as.addAll(target.asFlags);
            as.addAll(List.of("-o", object.toString(), source.toString()));
            run(dir, as);

            List<String> ld = new ArrayList<>(List.of(target.toolPrefix + "ld"));
            ld.addAll(target.ldFlags);
            ld.addAll(List.of("-shared", "-nostdlib", "-soname=linux-vdso.so.1", "-Bsymbolic",
                    "--hash-style=" + target.hashStyle, "--version-script=" + versions, "-T", script.toString(),
                    "--build-id=none", "-z", "noexecstack", "-z", "max-page-size=4096", "-o", image.toString(),
                    object.toString()));
            run(dir, ld);
            return Files.readAllBytes(image);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Path copyResource(Path dir, String name) throws IOException {
        try (InputStream in = CrossLinker.class.getResourceAsStream("/elf/" + name)) {
            if (in == null) {
                throw new IOException("test resource elf/" + name + " is missing");
            }
            Path out = dir.resolve(name);
            Files.write(out, in.readAllBytes());
            return out;
        }
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
    }
}
