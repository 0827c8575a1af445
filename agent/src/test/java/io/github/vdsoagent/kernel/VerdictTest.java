package io.github.vdsoagent.kernel;

import io.github.vdsoagent.vocabulary.TimeApi;
import io.github.vdsoagent.report.ApiRow;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A measured fraction splits an API row's calls; none and all are the plain verdicts. */
class VerdictTest {

    @Test
    void noneOrAllEnteredAreThePlainVerdicts() {
        Verdict none = Verdict.measured(10_000, 0, "probe");
        assertEquals(Verdict.Path.VDSO, none.path());
        assertEquals(Verdict.Evidence.MEASURED, none.evidence());
        assertTrue(none.avoidsKernel());
        assertEquals(0, none.enteredOf(123));

        Verdict all = Verdict.measured(1_000, 1_000, "probe");
        assertEquals(Verdict.Path.KERNEL, all.path());
        assertEquals(123, all.enteredOf(123));

        // A few more entries than reads (a stray system call of the JVM's on the probe's thread) is still "all".
        assertEquals(Verdict.Path.KERNEL, Verdict.measured(1_000, 1_003, "probe").path());
    }

    @Test
    void aFractionSplitsTheRowAndEveryRowStillAddsUp() {
        Verdict half = Verdict.measured(10_000, 5_000, "pvclock");
        assertEquals(Verdict.Path.PARTIAL, half.path());
        assertEquals("partial", half.word());
        assertFalse(half.avoidsKernel());
        assertEquals(0.5, half.kernelFraction());

        ApiRow row = ApiRow.judged(TimeApi.NANO_TIME, 1_000_001, half);
        assertEquals(500_001, row.enteredKernel(), "rounded half of 1,000,001");
        assertEquals(row.calls(), row.avoidedKernel() + row.enteredKernel());

        ApiRow tiny = ApiRow.judged(TimeApi.NANO_TIME, 3, Verdict.measured(10_000, 1, "one in ten thousand"));
        assertEquals(0, tiny.enteredKernel());
        assertEquals(3, tiny.avoidedKernel());
    }

    @Test
    void aPartialVerdictCannotBeInferred() {
        assertThrows(IllegalArgumentException.class, () -> Verdict.inferred(Verdict.Path.PARTIAL, "guess"));
        assertThrows(IllegalArgumentException.class, () -> Verdict.measured(0, 0, "no reads"));
    }
}
