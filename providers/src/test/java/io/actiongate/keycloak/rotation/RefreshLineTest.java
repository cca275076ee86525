package io.actiongate.keycloak.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.keycloak.rotation.RefreshLine.Verdict;
import org.junit.jupiter.api.Test;

class RefreshLineTest {

    private static final long GRACE = 120;

    @Test
    void anUnusedTokenIsFreshAndASpentOneARetryWithinTheWindowAndAReplayAfterIt() {
        RefreshLine line = new RefreshLine();
        assertThat(line.judge("t0", 0, 1000, GRACE).verdict()).isEqualTo(Verdict.FRESH);
        line.spend("t0", 0, 1000);
        assertThat(line.judge("t0", 0, 1000 + GRACE, GRACE).verdict()).isEqualTo(Verdict.RETRY);
        RefreshLine.Judgement late = line.judge("t0", 0, 1001 + GRACE, GRACE);
        assertThat(late.verdict()).isEqualTo(Verdict.REPLAY);
        assertThat(late.secondsAgo()).isEqualTo(GRACE + 1);
    }

    @Test
    void aRetryDoesNotMoveTheFirstUse() {
        RefreshLine line = new RefreshLine();
        line.spend("t0", 0, 1000);
        line.spend("t0", 0, 1100);
        assertThat(line.judge("t0", 0, 1000 + GRACE + 1, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
    }

    @Test
    void unusedSiblingsOfTheNewestGenerationStayFreshHowEverLate() {
        RefreshLine line = new RefreshLine();
        line.spend("t0", 0, 1000);
        line.spend("a1", 1, 1001);
        // b1 came from the same parallel burst as a1 and was never used.
        assertThat(line.judge("b1", 1, 1_000_000, GRACE).verdict()).isEqualTo(Verdict.FRESH);
        assertThat(line.judge("a2", 2, 1_000_000, GRACE).verdict()).isEqualTo(Verdict.FRESH);
    }

    @Test
    void anOlderUnusedTokenIsFineWhileTheLineMovedOnWithinTheWindowAndAReplayAfter() {
        RefreshLine line = new RefreshLine();
        line.spend("t0", 0, 1000);
        line.spend("a1", 1, 1010);
        // b1 (generation 1) unused, the line at generation 2 since 1010 + 5.
        line.spend("a2", 2, 1015);
        assertThat(line.judge("b1", 1, 1015 + GRACE, GRACE).verdict()).isEqualTo(Verdict.RETRY);
        assertThat(line.judge("b1", 1, 1016 + GRACE, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
        // An unknown token of generation 0: the line moved past it at 1010.
        assertThat(line.judge("x0", 0, 1011 + GRACE, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
        assertThat(line.judge("x0", 0, 1010 + GRACE, GRACE).verdict()).isEqualTo(Verdict.RETRY);
    }

    @Test
    void forgottenGenerationsAreJudgedByTheOldestRemembered() {
        RefreshLine line = new RefreshLine();
        for (int g = 0; g < 10; g++) {
            line.spend("t" + g, g, 1000L * (g + 1));
        }
        assertThat(line.highestGeneration()).isEqualTo(9);
        // t2 was spent long ago and is no longer remembered by id: the line moved on long ago too.
        assertThat(line.judge("t2", 2, 10_000, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
        assertThat(line.judge("t9", 9, 10_000, GRACE).verdict()).isEqualTo(Verdict.RETRY);
        assertThat(line.judge("t10", 10, 10_000, GRACE).verdict()).isEqualTo(Verdict.FRESH);
    }

    @Test
    void theNoteStaysSmallUnderABurst() {
        RefreshLine line = new RefreshLine();
        for (int i = 0; i < 500; i++) {
            line.spend("sibling-" + i, 1, 1000 + i);
        }
        assertThat(line.serialize().length()).isLessThan(64 * 40 + 200);
        // The first siblings are forgotten by id but the generation's first use is kept: a late replay of one is
        // still judged (generation 1 is the newest, so it looks fresh: forgetting fails towards accepting).
        assertThat(line.judge("sibling-0", 1, 5000, GRACE).verdict()).isEqualTo(Verdict.FRESH);
        assertThat(line.judge("sibling-499", 1, 5000, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
    }

    @Test
    void aStoredLineReadsBackAndAnUnreadableOneKnowsNothing() {
        RefreshLine line = new RefreshLine();
        line.spend("t0", 0, 1000);
        line.spend("t1", 1, 1005);
        RefreshLine read = RefreshLine.parse(line.serialize());
        assertThat(read.judge("t0", 0, 1000 + GRACE + 1, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
        assertThat(read.highestGeneration()).isEqualTo(1);
        for (String unreadable : new String[] {null, "", "{", "[]", "{\"u\":\"x\"}", "null"}) {
            assertThat(RefreshLine.parse(unreadable).judge("t0", 0, 5000, GRACE).verdict()).as(unreadable).isEqualTo(Verdict.FRESH);
        }
    }
}
