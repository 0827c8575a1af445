package io.github.vdsoagent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's clocksource, current and available, from sysfs. Whether the vDSO can answer high-resolution
 * clocks in user space depends on it: tsc, kvm-clock (with the stable bit), the Hyper-V TSC page and the arm64
 * architected timer have a vDSO mode; hpet, acpi_pm and jiffies do not, and xen only with the stable bit.
 */
public final class Clocksource {
    /** The kernel's clocksource directory; tests point {@code vdsoagent.clocksource.dir} at a fixture of their own. */
    private static final Path SYSFS = Paths.get(System.getProperty("vdsoagent.clocksource.dir",
            "/sys/devices/system/clocksource/clocksource0"));
    private static final List<String> VDSO_CAPABLE =
            List.of("tsc", "kvm-clock", "hyperv_clocksource_tsc_page", "arch_sys_counter", "riscv_clocksource");
    private static final List<String> MAYBE_VDSO_CAPABLE = List.of("xen");

    /** What sysfs says about a clocksource's vDSO mode, as far as its name tells. */
    public enum VdsoMode { YES, DEPENDS_ON_HYPERVISOR, NO, UNKNOWN }

    private final String current;
    private final List<String> available;

    public Clocksource(String current, List<String> available) {
        this.current = current;
        this.available = available;
    }

    public static Clocksource read() {
        return read(SYSFS);
    }

    static Clocksource read(Path dir) {
        String current = readTrimmed(dir.resolve("current_clocksource"));
        String available = readTrimmed(dir.resolve("available_clocksource"));
        return new Clocksource(current, available == null ? List.of() : names(available));
    }

    /** The names sysfs lists, one space apart: split by hand, as "\\s+" would compile a regex on the exit's path. */
    private static List<String> names(String listed) {
        List<String> names = new ArrayList<>();
        for (String name : listed.split(" ")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return List.copyOf(names);
    }

    /** Null when sysfs is not readable here. */
    public String current() {
        return current;
    }

    public List<String> available() {
        return available;
    }

    public VdsoMode vdsoMode() {
        if (current == null) {
            return VdsoMode.UNKNOWN;
        }
        if (VDSO_CAPABLE.contains(current)) {
            return VdsoMode.YES;
        }
        if (MAYBE_VDSO_CAPABLE.contains(current)) {
            return VdsoMode.DEPENDS_ON_HYPERVISOR;
        }
        return VdsoMode.NO;
    }

    private static String readTrimmed(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
