package io.github.vdsoagent.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the clock setup and its abandonment rely on: the first outcome stands, and a wait is bounded. */
class SettableResultTest {

    @Test
    void theFirstOutcomeStands() {
        SettableResult<String> result = new SettableResult<>();
        assertTrue(result.set("switched"));
        assertFalse(result.set("abandoned"));
        assertFalse(result.fail());
        assertTrue(result.isDone());
        assertEquals("switched", result.get(0));
    }

    @Test
    void aFailureStandsToo() {
        SettableResult<String> result = new SettableResult<>();
        assertTrue(result.fail());
        assertFalse(result.set("late"));
        assertNull(result.get(0));
    }

    @Test
    void anInterruptedCallerStillGetsAValueAlreadySet() {
        SettableResult<String> result = new SettableResult<>();
        result.set("switched");
        Thread.currentThread().interrupt();
        try {
            assertEquals("switched", result.get(1000));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aWaitForNothingEndsEmptyAfterItsBound() {
        SettableResult<String> result = new SettableResult<>();
        assertNull(result.get(20));
        assertFalse(result.isDone());
    }

    @Test
    void aWaiterGetsWhatAnotherThreadSets() throws InterruptedException {
        SettableResult<String> result = new SettableResult<>();
        Thread setter = new Thread(() -> result.set("from another thread"));
        setter.start();
        assertEquals("from another thread", result.get(10_000));
        setter.join();
    }
}
