package io.github.vdsoagent.report;

import io.github.vdsoagent.clock.BackendChoice;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.host.Clocksource;

/** What the vdso command prints, and the agent's report begins with: the host, the vDSO, the clock backend. */
public final class HostSection {
    private final String kernel;
    private final String arch;
    private final String jdk;
    private final Clocksource clocksource;
    private final BackendChoice backend;
    private final Calibration calibration;

    /**
     * @param backend     null while the agent is still setting up its clock path
     * @param calibration null when not measured
     */
    public HostSection(String kernel, String arch, String jdk, Clocksource clocksource, BackendChoice backend,
                       Calibration calibration) {
        this.kernel = kernel;
        this.arch = arch;
        this.jdk = jdk;
        this.clocksource = clocksource;
        this.backend = backend;
        this.calibration = calibration;
    }

    public String kernel() {
        return kernel;
    }

    public String arch() {
        return arch;
    }

    public String jdk() {
        return jdk;
    }

    public Clocksource clocksource() {
        return clocksource;
    }

    public BackendChoice backend() {
        return backend;
    }

    public Calibration calibration() {
        return calibration;
    }
}
