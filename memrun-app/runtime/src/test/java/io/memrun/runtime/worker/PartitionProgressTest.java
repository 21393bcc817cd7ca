package io.memrun.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PartitionProgressTest {
    @Test
    void takeCommittable_outOfOrderCompletion_neverPassesAnUnfinishedOffset() {
        PartitionProgress p = new PartitionProgress();
        p.dispatched(10);
        p.dispatched(11);
        p.dispatched(12);
        p.finished(12);
        p.finished(11);
        assertEquals(10, p.takeCommittable(), "10 is unfinished, so nothing past it may be committed");
        p.finished(10);
        assertEquals(13, p.takeCommittable());
        assertEquals(-1, p.takeCommittable(), "nothing moved");
    }

    @Test
    void takeCommittable_nothingDispatched_returnsNothing() {
        assertEquals(-1, new PartitionProgress().takeCommittable());
    }

    @Test
    void lastTaken_remembersWhatWasLastHandedOutForCommit_soASyncCommitCanResendIt() {
        PartitionProgress p = new PartitionProgress();
        assertEquals(-1, p.lastTaken());
        p.dispatched(4);
        p.finished(4);
        assertEquals(5, p.takeCommittable());
        assertEquals(-1, p.takeCommittable());
        assertEquals(5, p.lastTaken(), "still known after takeCommittable says nothing moved");
    }
}
