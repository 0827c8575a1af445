package io.github.vdsoagent.agent;

import io.github.vdsoagent.clock.BackendChoice;
import io.github.vdsoagent.clock.BackendSetup;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.instrument.TimeApi;
import io.github.vdsoagent.kernel.KernelMonitor;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.options.Durations;
import io.github.vdsoagent.vdso.ThisProcessVdso;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sets up the clock path off the application's start-up path, on a daemon thread: extracting and loading the
 * native helper, resolving the vDSO and timing the clocks take tens of milliseconds (on JDK 22+, with the FFM
 * linker's first use, a hundred or more) that the application need not wait for. It starts once the JVM is
 * {@code startdelay=} old: on 2 cores, that work competes with the application's own start-up (with the control
 * channel's opening, 24 to 46 ms of a 0.45 s start), and a JVM that ends sooner is spared it. Only what that JVM's
 * exit report needs, the vDSO it shows and the pid, is read at once (pure Java, ~10 ms of one core), so that its
 * exit need not. Until the setup is done the stub counts and reads through the JVM's own calls. A JVM that exits, or
 * a session that ends, first {@link #abandon}s it: the stub then stays on the JVM's calls, and the report says so,
 * instead of the exit waiting for the setup.
 */
final class ClockSetup {
    private static final Logger log = AgentLog.get(ClockSetup.class);

    private final ClockMode requested;
    private final boolean linkCritical;
    /** The {@code startdelay=} option, and how long this setup waits from its start: the delay less the JVM's age. */
    private final Duration delay;
    private final Duration wait;
    private final boolean exitReport;
    /** Open once abandoned: wakes a setup still waiting for its time, which then does nothing. */
    private final CountDownLatch abandonedSignal = new CountDownLatch(1);
    private volatile boolean started;
    private KernelMonitor kernel;
    private final SettableResult<BackendChoice> backend = new SettableResult<>();
    private final SettableResult<Calibration> calibration = new SettableResult<>();
    /** Guards the switch of the stub's path against {@link #abandon}. */
    private final Object switching = new Object();
    /** Open once the stub's path can no longer change: switched, failed or abandoned. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private boolean abandoned;

    /**
     * @param delay      the {@code startdelay=} option, for the report of a JVM that ends before the setup is due
     * @param wait       how long from {@link #start} the setup waits before it begins (zero: at once)
     * @param exitReport whether the JVM's exit writes a report, which this setup's thread readies before its wait
     * @param linkCritical whether JNI reads may be linked to the native helper's critical entry ({@code jnicritical=})
     */
    ClockSetup(ClockMode requested, Duration delay, Duration wait, boolean exitReport, boolean linkCritical) {
        this.requested = requested;
        this.linkCritical = linkCritical;
        this.delay = delay;
        this.wait = wait;
        this.exitReport = exitReport;
    }

    /**
     * Starts the setup's thread, which waits, then sets up.
     *
     * @param kernel where the clocks' timing runs so that its system calls are counted as the agent's
     */
    void start(KernelMonitor kernel) {
        this.kernel = kernel;
        Thread thread = new Thread(new Runner(), "vdso-agent-clock-setup");
        thread.setDaemon(true);
        thread.start();
    }

    /** A class, not a method reference: at premain, a first lambda costs the host ~1 ms on JDK 25. */
    private final class Runner implements Runnable {
        @Override
        public void run() {
            setUp();
        }
    }

    private void setUp() {
        if (exitReport && !wait.isZero()) {
            readyExitReport();
        }
        try {
            if (abandonedSignal.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return; // abandoned before its time: abandon() has completed everything
            }
            started = true;
            BackendChoice chosen = kernel.countedAsAgents(new Install(), KernelMonitor.SETUP_WAIT_MS);
            if (chosen == null) {
                throw new IllegalStateException("the clock setup did not finish within "
                        + KernelMonitor.SETUP_WAIT_MS + " ms");
            }
            synchronized (switching) {
                if (abandoned) {
                    return;
                }
                chosen.apply();
                backend.set(chosen);
            }
            settled.countDown(); // now, not after the calibration: a probe waiting for the path can start
            kernel.probeWhenReady(SETTLED); // the first probe measures the path just set
            calibration.set(kernel.countedAsAgents(new Timing(), KernelMonitor.SETUP_WAIT_MS));
        } catch (Throwable e) {
            log.warn("clock setup failed; the JVM's own calls stay in use", e);
            backend.fail();
            calibration.fail();
        } finally {
            settled.countDown();
        }
    }

    /** For the first probe, queued once the path is set: nothing left to wait for. */
    private static final Supplier<Boolean> SETTLED = new Supplier<Boolean>() {
        @Override
        public Boolean get() {
            return true;
        }
    };

    /** The clock path's set-up (its agreement checks make system calls), a class, not a lambda. */
    private final class Install implements Callable<BackendChoice> {
        @Override
        public BackendChoice call() {
            return BackendSetup.install(requested, false, linkCritical);
        }
    }

    /** The clocks' timing, a class, not a lambda: at premain a first lambda costs the host ~1 ms on JDK 25. */
    private static final class Timing implements Callable<Calibration> {
        @Override
        public Calibration call() {
            return Calibration.measure(TimeApi.clocks());
        }
    }

    /**
     * Readies a -javaagent JVM's exit report (the vDSO, the pid) on a daemon thread of its own, started as soon as
     * premain has read its options: a JVM that ends at once (hello world) would otherwise wait for that work in its
     * exit hook, and the rest of premain leaves the second core mostly idle. Paired start-up, hello world: see
     * BENCHMARKS.md.
     */
    static void readyExitReportAhead() {
        Thread thread = new Thread(new ExitReportReadiness(), "vdso-agent-exit-report");
        thread.setDaemon(true);
        thread.start();
    }

    /** A class, not a method reference: at premain, a first lambda costs the host ~1 ms on JDK 25. */
    private static final class ExitReportReadiness implements Runnable {
        @Override
        public void run() {
            readyExitReport();
        }
    }

    /**
     * Before the wait, what the exit report of a JVM that ends before the setup is due would otherwise work out after
     * the application has finished: the vDSO it shows (cheap: no native code), and the pid. Usually done already by
     * {@link #readyExitReportAhead}'s thread, and then nothing. Without a wait, the setup itself comes first.
     */
    private static void readyExitReport() {
        try {
            ThisProcessVdso.resolveNow();
            HostFacts.pid();
        } catch (RuntimeException | LinkageError e) {
            log.debug("the exit report will read the vDSO and the pid itself", e);
        }
    }

    /**
     * Stops the setup from switching the stub, if it has not yet; after this the stub stays where it is. The
     * backend reported from then on is the one in use: the chosen one if the switch came first, else the JVM's own
     * calls, with the reason. Returns at once, apart from the vDSO's resolution for that report (milliseconds, and
     * usually done already, before the setup's wait).
     */
    void abandon() {
        synchronized (switching) {
            if (abandoned || backend.isDone()) {
                return;
            }
            abandoned = true;
        }
        abandonedSignal.countDown();
        settled.countDown(); // before the report's choice is made: a probe waiting for the path can start now
        boolean wasDue = started || wait.isZero();
        backend.set(wasDue ? BackendSetup.unfinished(requested) : BackendSetup.notStarted(requested, notDue()));
        calibration.fail();
    }

    /** Why a JVM that ended before the setup's time read every clock through its own calls. */
    private String notDue() {
        return "the JVM ended before the clock setup was due, " + Durations.format(delay) + " after its start"
                + " (startdelay=" + Durations.format(delay) + " spares a JVM that ends sooner its cost;"
                + " startdelay=0 sets the clock path up with the agent), so every call read through the JVM's own"
                + " calls";
    }

    /** Waits at most {@code waitMs} until the stub's path can no longer change; true if it cannot. */
    boolean awaitSettled(long waitMs) {
        try {
            return settled.await(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The chosen backend, waiting at most {@code waitMs} for it; null if not ready or failed. */
    BackendChoice backend(long waitMs) {
        return backend.get(waitMs);
    }

    Calibration calibration(long waitMs) {
        return calibration.get(waitMs);
    }
}
