package io.github.vdsoagent.report;

import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.PathChoice;
import io.github.vdsoagent.host.Clocksource;

/**
 * What the vdso command prints, and the agent's report begins with: the host, the vDSO, the clock backend.
 *
 * @param backend     null while the agent is still setting up its clock path
 * @param calibration null when not measured
 */
public record HostSection(String kernel, String arch, String jdk, Clocksource clocksource, PathChoice backend,
                          Calibration calibration) {
}
