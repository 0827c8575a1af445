package io.github.vdsoagent.kernel;

import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.ClockPath;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The default kernel check: each clock read through the vDSO under a seccomp filter of a short-lived child process's
 * own ({@link SeccompProbe}), a probe per report, no counters, no privileges. It says, for the clocks the stub reads
 * through the vDSO or the JVM's own calls (which read through the vDSO too), whether those reads stay in user space;
 * it does not count the process's system calls (kernelcheck=perf does).
 */
final class SeccompChecking implements Measurement {
    private static final Logger log = AgentLog.get(SeccompChecking.class);
    static final String PATH_WORDS = "through the vDSO under a seccomp filter";

    private final List<ClockId> clocks;
    /** The last probe's results, which the session's last check reuses instead of starting a process as it ends. */
    private volatile List<ProbeResult> latest;
    private volatile List<ProbeResult> first;

    private SeccompChecking(List<ClockId> clocks, List<ProbeResult> opened) {
        this.clocks = clocks;
        this.latest = opened;
    }

    /** Probes once; throws with the reason the probe cannot be used here. */
    static SeccompChecking open(List<ClockId> clocks) throws PerfException {
        SeccompProbeResult probed = SeccompProbe.probe(clocks);
        if (!probed.available()) {
            throw new PerfException(0, probed.reason());
        }
        log.info("kernel check: the seccomp probe measures {}", clocks);
        return new SeccompChecking(clocks, results(probed, ClockMode.VDSO));
    }

    @Override
    public Measured measure(boolean ending, ClockPath path) {
        List<ProbeResult> results;
        String problem = null;
        if (ending && latest != null) {
            results = latest; // the session's end: no new process as the JVM exits (the clocksource watch says if
        } else {              // the clocksource changed since)
            SeccompProbeResult probed = SeccompProbe.probe(clocks);
            results = probed.available() ? results(probed, path.reads()) : List.of();
            problem = probed.available() ? null : probed.reason();
            if (probed.available()) {
                latest = results;
            }
        }
        return new Measured(results, problem, KernelVerdicts.Counters.seccomp(), path.reads());
    }

    /** The readings as probe results; forced system calls (clock=syscall) are not what the probe measures. */
    private static List<ProbeResult> results(SeccompProbeResult probed, ClockMode reads) {
        List<ProbeResult> results = new ArrayList<>();
        for (SeccompReading reading : probed.clocks()) {
            if (reads == ClockMode.SYSCALL) {
                results.add(ProbeResult.notProbed(reading.clock(), "clock=syscall makes a system call for every read"
                        + " by design"));
            } else if (reading.measured()) {
                results.add(ProbeResult.of(reading.clock(), reading.reads(), reading.entered(), PATH_WORDS));
            } else {
                results.add(ProbeResult.notProbed(reading.clock(), reading.failure()));
            }
        }
        return results;
    }

    @Override
    public <T> T countedAsAgents(Callable<T> work, long waitMs) throws Exception {
        return work.call(); // nothing counts the process's system calls
    }

    @Override
    public void probeFirst(ClockPath path) {
        SeccompProbeResult probed = SeccompProbe.probe(clocks);
        if (probed.available()) {
            first = results(probed, path.reads());
            latest = first;
        }
    }

    @Override
    public void reset() {
    }

    @Override
    public void release(boolean wait) {
    }

    @Override
    public int threadsCovered() {
        return 0;
    }

    @Override
    public List<ProbeResult> firstProbe(long waitMs) {
        return first;
    }
}
