package io.github.vdsoagent.jfr;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class SiteDeltasTest {
    @Test
    void eachCallIsInExactlyOneDelta() {
        SiteDeltas deltas = new SiteDeltas(new long[]{5, 0});
        assertArrayEquals(new long[]{3, 2}, deltas.advanceTo(new long[]{8, 2}));
        assertArrayEquals(new long[]{0, 0}, deltas.advanceTo(new long[]{8, 2}));
        assertArrayEquals(new long[]{1, 0, 7}, deltas.advanceTo(new long[]{9, 2, 7}), "a site registered since");
    }

    @Test
    void aRestartDropsWhatWasNotEmitted() {
        SiteDeltas deltas = new SiteDeltas(new long[]{0});
        deltas.restartFrom(new long[]{100});
        assertArrayEquals(new long[]{5}, deltas.advanceTo(new long[]{105}));
    }

    @Test
    void aShorterSnapshotKeepsTheSitesItDoesNotCover() {
        SiteDeltas deltas = new SiteDeltas(new long[]{1, 1});
        assertArrayEquals(new long[]{1}, deltas.advanceTo(new long[]{2}));
        assertArrayEquals(new long[]{0, 1}, deltas.advanceTo(new long[]{2, 2}));
    }
}
