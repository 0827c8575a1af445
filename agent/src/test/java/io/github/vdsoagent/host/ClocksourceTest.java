package io.github.vdsoagent.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ClocksourceTest {

    @Test
    void readsCurrentAndAvailableFromSysfs(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("current_clocksource"), "kvm-clock\n");
        Files.writeString(dir.resolve("available_clocksource"), "kvm-clock tsc acpi_pm \n");
        Clocksource source = Clocksource.read(dir);
        assertEquals("kvm-clock", source.current());
        assertEquals(List.of("kvm-clock", "tsc", "acpi_pm"), source.available());
        assertEquals(Clocksource.VdsoMode.YES, source.vdsoMode());
    }

    @Test
    void namesWithoutAVdsoModeAreToldApart() {
        assertEquals(Clocksource.VdsoMode.NO, new Clocksource("hpet", List.of()).vdsoMode());
        assertEquals(Clocksource.VdsoMode.NO, new Clocksource("acpi_pm", List.of()).vdsoMode());
        assertEquals(Clocksource.VdsoMode.DEPENDS_ON_HYPERVISOR, new Clocksource("xen", List.of()).vdsoMode());
        assertEquals(Clocksource.VdsoMode.YES, new Clocksource("arch_sys_counter", List.of()).vdsoMode());
    }

    @Test
    void anUnreadableSysfsIsUnknownNotAnError(@TempDir Path dir) {
        Clocksource source = Clocksource.read(dir.resolve("missing"));
        assertNull(source.current());
        assertEquals(Clocksource.VdsoMode.UNKNOWN, source.vdsoMode());
    }
}
