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
        line.spend("t0", 0, 1000, GRACE);
        assertThat(line.judge("t0", 0, 1000 + GRACE, GRACE).verdict()).isEqualTo(Verdict.RETRY);
        RefreshLine.Judgement late = line.judge("t0", 0, 1001 + GRACE, GRACE);
        assertThat(late.verdict()).isEqualTo(Verdict.REPLAY);
        assertThat(late.secondsAgo()).isEqualTo(GRACE + 1);
    }

    @Test
    void aRetryDoesNotMoveTheFirstUse() {
        RefreshLine line = new RefreshLine();
        line.spend("t0", 0, 1000, GRACE);
        line.spend("t0", 0, 1100, GRACE);
        assertThat(line.judge("t0", 0, 1000 + GRACE + 1, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
    }

    @Test
    void unusedSiblingsOfTheNewestGenerationStayFreshHowEverLate() {
        RefreshLine line = new RefreshLine();
        line.spend("t0", 0, 1000, GRACE);
        line.spend("a1", 1, 1001, GRACE);
        // b1 came from the same parallel burst as a1 and was never used.
        assertThat(line.judge("b1", 1, 1_000_000, GRACE).verdict()).isEqualTo(Verdict.FRESH);
        assertThat(line.judge("a2", 2, 1_000_000, GRACE).verdict()).isEqualTo(Verdict.FRESH);
    }

    @Test
    void anOlderUnusedTokenIsFineWhileTheLineMovedOnWithinTheWindowAndAReplayAfter() {
        RefreshLine line = new RefreshLine();
        line.spend("t0", 0, 1000, GRACE);
        line.spend("a1", 1, 1010, GRACE);
        // b1 (generation 1) unused, the line at generation 2 since 1015.
        line.spend("a2", 2, 1015, GRACE);
        assertThat(line.judge("b1", 1, 1015 + GRACE, GRACE).verdict()).isEqualTo(Verdict.RETRY);
        assertThat(line.judge("b1", 1, 1016 + GRACE, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
        // An unknown token of generation 0: the line moved past it at 1010.
        assertThat(line.judge("x0", 0, 1011 + GRACE, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
        assertThat(line.judge("x0", 0, 1010 + GRACE, GRACE).verdict()).isEqualTo(Verdict.RETRY);
    }

    @Test
    void forgottenGenerationsAreReplays() {
        RefreshLine line = new RefreshLine();
        for (int g = 0; g < 10; g++) {
            line.spend("t" + g, g, 1000L * (g + 1), GRACE);
        }
        assertThat(line.highestGeneration()).isEqualTo(9);
        // t2 was spent long ago: a replay, whether remembered by id or by the floor.
        assertThat(line.judge("t2", 2, 10_000, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
        assertThat(line.judge("unknown-3", 3, 10_000, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
        assertThat(line.judge("t9", 9, 10_000, GRACE).verdict()).isEqualTo(Verdict.RETRY);
        assertThat(line.judge("t10", 10, 10_000, GRACE).verdict()).isEqualTo(Verdict.FRESH);
    }

    /**
     * A thief who got a sibling within the window and then refreshes often must not keep the slower holder's token
     * judged against a recent generation: ChatGPT's next refresh, long after the line moved past its generation,
     * is a replay.
     */
    @Test
    void aThiefRefreshingOftenCannotHideTheOtherHoldersToken() {
        RefreshLine line = new RefreshLine();
        long now = 1000;
        line.spend("t0", 0, now, GRACE);          // ChatGPT refreshes: gets c1 (generation 1)
        line.spend("t0", 0, now + 10, GRACE);     // the thief reuses t0 within the window: gets x1 (generation 1)
        int thief = 1;
        for (long t = now + 40; t <= now + 600; t += 40) {
            line.spend("x" + thief, thief, t, GRACE);  // the thief refreshes every 40 s
            thief++;
        }
        assertThat(line.judge("c1", 1, now + 600, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
        // Through the note as stored, too.
        assertThat(RefreshLine.parse(line.serialize()).judge("c1", 1, now + 600, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
    }

    @Test
    void aGenerationIsKeptWhileOneOfItsTokensMayStillBeRetried() {
        RefreshLine line = new RefreshLine();
        line.spend("a0", 0, 1000, GRACE);
        line.spend("a1", 1, 1001, GRACE);
        line.spend("b0", 0, 1100, GRACE);     // a sibling of generation 0 used late, within the window of generation 1
        line.spend("a2", 2, 1200, GRACE);
        line.spend("a3", 3, 1210, GRACE);
        // b0 spent at 1100: its retry until 1220 works although its generation was passed at 1001.
        assertThat(line.judge("b0", 0, 1220, GRACE).verdict()).isEqualTo(Verdict.RETRY);
        assertThat(line.judge("b0", 0, 1221, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
    }

    @Test
    void theNoteStaysSmallUnderABurst() {
        RefreshLine line = new RefreshLine();
        for (int i = 0; i < 2000; i++) {
            line.spend("sibling-" + i, 1, 1000 + i / 20, GRACE);
        }
        assertThat(line.serialize().length()).isLessThan(RefreshLine.MAX_SPENT * 40 + 200);
        // The last spendings are remembered; the first ones were let go and look unused (fails towards accepting).
        assertThat(line.judge("sibling-1999", 1, 5000, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
        assertThat(line.judge("sibling-0", 1, 5000, GRACE).verdict()).isEqualTo(Verdict.FRESH);
    }

    @Test
    void aStoredLineReadsBackAndAnUnreadableOneKnowsNothing() {
        RefreshLine line = new RefreshLine();
        line.spend("t0", 0, 1000, GRACE);
        line.spend("t1", 1, 1005, GRACE);
        RefreshLine read = RefreshLine.parse(line.serialize());
        assertThat(read.judge("t0", 0, 1000 + GRACE + 1, GRACE).verdict()).isEqualTo(Verdict.REPLAY);
        assertThat(read.highestGeneration()).isEqualTo(1);
        for (String unreadable : new String[] {null, "", "{", "[]", "{\"u\":\"x\"}", "null"}) {
            assertThat(RefreshLine.parse(unreadable).judge("t0", 0, 5000, GRACE).verdict()).as(unreadable).isEqualTo(Verdict.FRESH);
        }
    }
}
