package io.crinn4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeasurementKeyTest {

    @Test
    void everyPurposeStageGroupAndRoundHasAFolderOfItsOwn() {
        // The integer repetitions these keys replace collided once a stage had 100 rounds or 1,000 groups; tags cannot.
        List<MeasurementKey> keys = new ArrayList<>();
        keys.add(MeasurementKey.baseline());
        for (int s = 0; s < 3; s++) {
            for (int g = 0; g < 120; g++) {
                keys.add(MeasurementKey.group(s, g));
                for (int i = 0; i < 4; i++) {
                    keys.add(MeasurementKey.candidate(s, g, i));
                }
            }
            for (int r = 0; r < 120; r++) {
                keys.add(MeasurementKey.confirmation(s, r));
                keys.add(MeasurementKey.confirmation(s, r).attempt(1));
            }
        }
        for (int r = 0; r < 10; r++) {
            keys.add(MeasurementKey.heldOut(r));
            keys.add(MeasurementKey.eval(r));
        }
        keys.add(MeasurementKey.profile());
        keys.add(MeasurementKey.profile().attempt(1));
        Set<String> tags = new HashSet<>();
        for (MeasurementKey k : keys) {
            assertEquals(true, tags.add(k.tag()), "duplicate tag " + k.tag());
            assertEquals(true, k.tag().matches("[a-z0-9-]+"), "a folder name: " + k.tag());
        }
        assertEquals("s1-g007-c2", MeasurementKey.candidate(1, 7, 2).tag());
        assertEquals("s0-confirm-r4-a1", MeasurementKey.confirmation(0, 4).attempt(1).tag());
        assertEquals("profile", MeasurementKey.profile().tag());
    }

    @Test
    void aMeasurementMadeAgainDrawsTheSameQueryOrderAndTurns() {
        MeasurementKey k = MeasurementKey.confirmation(2, 5);
        assertEquals(k.shuffleOffset(), k.attempt(2).shuffleOffset());
        assertEquals(k.rotation(), k.attempt(2).rotation());
        assertNotEquals(k.tag(), k.attempt(2).tag());
        assertNotEquals(k.shuffleOffset(), MeasurementKey.confirmation(2, 6).shuffleOffset());
        assertEquals(5, k.rotation(), "rounds rotate the first turn");
        assertEquals(3, MeasurementKey.group(0, 3).rotation());
        assertEquals(2, MeasurementKey.candidate(0, 3, 2).rotation());
    }

    @Test
    void aKeyMustHaveWhatItsPurposeNeeds() {
        assertThrows(IllegalArgumentException.class, () -> new MeasurementKey(MeasurementKey.Purpose.GROUP, -1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new MeasurementKey(MeasurementKey.Purpose.HELD_OUT, 0, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new MeasurementKey(MeasurementKey.Purpose.CONFIRMATION, 0, 3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> MeasurementKey.eval(-1));
        assertThrows(IllegalArgumentException.class, () -> MeasurementKey.baseline().attempt(-1));
    }
}
