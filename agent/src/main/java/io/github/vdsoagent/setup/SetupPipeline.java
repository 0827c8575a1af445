package io.github.vdsoagent.setup;

import io.github.vdsoagent.host.JvmShutdown;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.text.Durations;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The agent's background set-up for a session: one daemon thread that waits until the JVM is {@code startdelay=}
 * old, then runs the session's {@link Stage}s in order (the clock path, the kernel check, the clocks' timing, the
 * control channel, ...). On 2 cores that work competes with the application's own start, and a JVM that ends
 * sooner is spared it (docs/design/start-up.md). A session that ends first (the JVM's exit, a detach)
 * {@link #abandon}s it: no stage starts after that, and every stage that did not run is explained by
 * {@link #whyNotRun()}, one sentence for all of them.
 */
public final class SetupPipeline implements Runnable {
    private static final Logger log = AgentLog.get(SetupPipeline.class);
    static final String THREAD_NAME = "vdso-agent-setup";

    /** Where the pipeline is. */
    public enum State { WAITING, RUNNING, DONE, ABANDONED }

    private final Duration delay;
    private final Duration wait;
    private final List<Stage> stages;
    private final CountDownLatch abandonedSignal = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object lock = new Object();
    private State state = State.WAITING;
    private int stagesDone;
    private boolean due;

    /**
     * @param delay the {@code startdelay=} option, for the words of {@link #whyNotRun()}
     * @param wait  how long from {@link #start()} the stages wait: the delay less the JVM's age
     */
    public SetupPipeline(Duration delay, Duration wait, List<Stage> stages) {
        this.delay = delay;
        this.wait = wait;
        this.stages = List.copyOf(stages);
    }

    /** Starts the pipeline's thread, a daemon. */
    public void start() {
        Thread thread = new Thread(this, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            if (abandonedSignal.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            synchronized (lock) {
                if (state == State.ABANDONED) {
                    return;
                }
                state = State.RUNNING;
                due = true;
            }
            for (Stage stage : stages) {
                synchronized (lock) {
                    if (state == State.ABANDONED) {
                        return;
                    }
                }
                runStage(stage);
                synchronized (lock) {
                    stagesDone++;
                }
            }
            synchronized (lock) {
                if (state == State.RUNNING) {
                    state = State.DONE;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
    }

    private void runStage(Stage stage) {
        long begin = System.nanoTime();
        try {
            stage.run(this);
            log.debug("set-up: {} in {} ms", stage.name(), (System.nanoTime() - begin) / 1_000_000);
        } catch (Throwable e) { // one stage's failure is its own: the application must not notice
            log.warn("set-up: {} failed: {}", stage.name(), e.toString());
        }
    }

    /**
     * Runs a stage on the calling thread, before {@link #start}: for the one case where the start must not go on
     * before it (counters that count from the application's first instruction, {@code startdelay=0} at premain).
     */
    public void runHere(Stage stage) {
        runStage(stage);
    }

    /** Runs {@code change} unless the pipeline was abandoned; never at the same time as {@link #abandon}. */
    public boolean unlessAbandoned(Runnable change) {
        synchronized (lock) {
            if (state == State.ABANDONED) {
                return false;
            }
            change.run();
            return true;
        }
    }

    /**
     * No stage starts from now on; a stage running goes on to its end (each is bounded), but its
     * {@link #unlessAbandoned} changes no longer happen. Returns at once.
     */
    public void abandon() {
        synchronized (lock) {
            if (state == State.DONE) {
                return;
            }
            state = State.ABANDONED;
        }
        abandonedSignal.countDown();
    }

    /** For a stage that waits on something else: waits up to {@code waitMs}; true if the pipeline was abandoned. */
    public boolean abandonedWithin(long waitMs) throws InterruptedException {
        return abandonedSignal.await(waitMs, TimeUnit.MILLISECONDS);
    }

    /** While the stages wait or run: what a report says of what is not set up yet. */
    public String waitingReason() {
        synchronized (lock) {
            if (due) {
                return "being set up";
            }
        }
        return "not set up yet: the agent's set-up begins " + Durations.format(delay) + " after the JVM's start"
                + " (startdelay=" + Durations.format(delay) + "; startdelay=0 sets everything up with the agent)";
    }

    public State state() {
        synchronized (lock) {
            return state;
        }
    }

    /** Waits at most {@code waitMs} for every stage to have run (or the pipeline to be abandoned); true if so. */
    public boolean awaitFinished(long waitMs) {
        try {
            return finished.await(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Why a stage of this abandoned pipeline did not run, for the report: the session ended before the set-up was
     * due, or while it was under way. Null if the pipeline was not abandoned, or every stage ran.
     */
    public String whyNotRun() {
        synchronized (lock) {
            if (state != State.ABANDONED || stagesDone == stages.size()) {
                return null;
            }
            String ended = JvmShutdown.underway() ? "the JVM ended" : "the session ended";
            if (!due) {
                return ended + " before the agent's set-up was due, " + Durations.format(delay) + " after the"
                        + " JVM's start (startdelay=" + Durations.format(delay) + " spares a JVM that ends sooner"
                        + " its cost; startdelay=0 sets everything up with the agent)";
            }
            return ended + " while the agent's set-up was under way";
        }
    }
}
