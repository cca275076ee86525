package io.actiongate.keycloak.rotation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.keycloak.util.JsonSerialization;

/**
 * What one line of rotating refresh tokens has spent, and whether a presented token is fresh, a retry within the
 * grace window, or a replay. A line starts at a sign-in (its first refresh token, generation 0) and goes on through
 * the refreshes: each refresh spends the token it used and issues the next generation. Parallel refreshes with one
 * token give siblings of the same generation.
 *
 * <p>The rules, for a token of generation {@code g} in a line whose highest used generation is {@code h}:
 * <ul>
 *   <li>spent before: a retry while the grace window since its first use lasts, a replay after it;</li>
 *   <li>at or below the line's floor (generations forgotten because the line moved past them more than the window
 *       ago): a replay;</li>
 *   <li>never spent and {@code g >= h}: fresh (the newest token, or an unused sibling of the newest generation);</li>
 *   <li>never spent and {@code g < h}: the line went on without it. Fine while the next generation was first used
 *       within the grace window (a burst of parallel refreshes interleaving), a replay after that: two holders are
 *       using one line.</li>
 * </ul>
 * A generation is forgotten only once nothing about it can be a retry any more (the next generation and every
 * spending of its tokens are older than the window), and the floor remembers that it was, so how often a holder
 * refreshes cannot push another holder's token out of judgement. More than {@value #MAX_SPENT} spent tokens within one
 * window (no client refreshes like that) forget the oldest generations early, which judges their tokens replays, and
 * within the newest generation the oldest spendings, whose tokens then look unused.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class RefreshLine {

    static final int MAX_SPENT = 256;

    /** What a presented token is. */
    enum Verdict { FRESH, RETRY, REPLAY }

    /** The verdict, and for a retry or a replay how long ago the token or its generation was passed (seconds). */
    record Judgement(Verdict verdict, long secondsAgo) {
    }

    /** A spent token: its generation and when it was first used (seconds since the epoch). */
    record Spent(@JsonProperty("g") int generation, @JsonProperty("t") long at) {
    }

    /** The highest forgotten generation: every token at or below it is a replay. */
    @JsonProperty("f")
    private int floor = -1;
    /** Generation to when it was first used (seconds since the epoch). */
    @JsonProperty("u")
    private TreeMap<Integer, Long> firstUse = new TreeMap<>();
    /** Token id to its spending. */
    @JsonProperty("s")
    private LinkedHashMap<String, Spent> spent = new LinkedHashMap<>();

    static RefreshLine parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return new RefreshLine();
        }
        try {
            RefreshLine line = JsonSerialization.readValue(stored, RefreshLine.class);
            if (line == null) {
                return new RefreshLine();
            }
            if (line.firstUse == null) {
                line.firstUse = new TreeMap<>();
            }
            if (line.spent == null) {
                line.spent = new LinkedHashMap<>();
            }
            return line;
        } catch (IOException | RuntimeException e) {
            // Only ActionGate writes the note; an unreadable one (a future format) is treated as knowing nothing.
            return new RefreshLine();
        }
    }

    String serialize() {
        try {
            return JsonSerialization.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Judgement judge(String tokenId, int generation, long now, long grace) {
        Spent before = spent.get(tokenId);
        if (before != null) {
            long ago = now - before.at();
            return new Judgement(ago <= grace ? Verdict.RETRY : Verdict.REPLAY, ago);
        }
        if (generation <= floor) {
            return new Judgement(Verdict.REPLAY, firstUse.isEmpty() ? 0 : now - firstUse.firstEntry().getValue());
        }
        if (firstUse.isEmpty() || generation >= firstUse.lastKey()) {
            return new Judgement(Verdict.FRESH, 0);
        }
        Map.Entry<Integer, Long> movedOn = firstUse.higherEntry(generation);
        long ago = now - movedOn.getValue();
        return new Judgement(ago <= grace ? Verdict.RETRY : Verdict.REPLAY, ago);
    }

    /** Records that {@code tokenId} was used (again) at {@code now}; its first use is what counts. */
    void spend(String tokenId, int generation, long now, long grace) {
        spent.putIfAbsent(tokenId, new Spent(generation, now));
        firstUse.putIfAbsent(generation, now);
        forgetPassed(now, grace);
        while (spent.size() > MAX_SPENT && firstUse.size() > 1) {
            forget(firstUse.firstKey());
        }
        // Hundreds of siblings of one generation spent within one window: the oldest spendings go (their tokens
        // then look unused, which a newest-generation token may be), so the note stays bounded.
        while (spent.size() > MAX_SPENT) {
            spent.remove(spent.keySet().iterator().next());
        }
    }

    /** Forgets, oldest first, the generations nothing can retry any more. */
    private void forgetPassed(long now, long grace) {
        while (firstUse.size() > 1) {
            int oldest = firstUse.firstKey();
            long nextFirstUse = firstUse.higherEntry(oldest).getValue();
            boolean spentLately = spent.values().stream().anyMatch(s -> s.generation() <= oldest && now - s.at() <= grace);
            if (now - nextFirstUse <= grace || spentLately) {
                return;
            }
            forget(oldest);
        }
    }

    private void forget(int generation) {
        firstUse.headMap(generation, true).clear();
        spent.values().removeIf(s -> s.generation() <= generation);
        floor = Math.max(floor, generation);
    }

    int highestGeneration() {
        return firstUse.isEmpty() ? -1 : firstUse.lastKey();
    }
}
