package io.actiongate.keycloak.rotation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.keycloak.util.JsonSerialization;

/**
 * What one line of rotating refresh tokens has spent, and whether a presented token is fresh, a retry within the
 * grace window, or a replay. A line starts at a sign-in (its first refresh token, generation 0) and goes on through
 * the refreshes: each refresh spends the token it used and issues the next generation. Parallel refreshes with one
 * token give siblings of the same generation; each of them may be used once.
 *
 * <p>The rules, for a token of generation {@code g} in a line whose highest used generation is {@code h}:
 * <ul>
 *   <li>spent before: a retry while the grace window since its first use lasts, a replay after it;</li>
 *   <li>never spent and {@code g >= h}: fresh (the newest token, or an unused sibling of the newest generation);</li>
 *   <li>never spent and {@code g < h}: the line went on without it. Fine while the next generation was first used
 *       within the grace window (a burst of parallel refreshes interleaving), a replay after that: two holders are
 *       using one line.</li>
 * </ul>
 * Only the last {@value #KEPT_GENERATIONS} generations and {@value #KEPT_SPENT} spent tokens are remembered, so the
 * note stays small; anything older is judged by the rule for {@code g < h}. Every gap in what is remembered (a lost
 * concurrent write included) makes a token look fresher, never spent: the rules fail towards accepting a retry,
 * never towards cutting off a working connection.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class RefreshLine {

    static final int KEPT_GENERATIONS = 3;
    static final int KEPT_SPENT = 64;

    /** What a presented token is. */
    enum Verdict { FRESH, RETRY, REPLAY }

    /** The verdict, and for a replay how long ago the line moved past the token (seconds). */
    record Judgement(Verdict verdict, long secondsAgo) {
    }

    /** A spent token: its generation and when it was first used (seconds since the epoch). */
    record Spent(@JsonProperty("g") int generation, @JsonProperty("t") long at) {
    }

    /** Generation to when it was first used (seconds since the epoch). */
    @JsonProperty("u")
    private TreeMap<Integer, Long> firstUse = new TreeMap<>();
    /** Token id to its spending, oldest first. */
    @JsonProperty("s")
    private LinkedHashMap<String, Spent> spent = new LinkedHashMap<>();

    static RefreshLine parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return new RefreshLine();
        }
        try {
            RefreshLine line = JsonSerialization.readValue(stored, RefreshLine.class);
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
        if (firstUse.isEmpty() || generation >= firstUse.lastKey()) {
            return new Judgement(Verdict.FRESH, 0);
        }
        Map.Entry<Integer, Long> movedOn = firstUse.higherEntry(generation);
        long ago = now - movedOn.getValue();
        return new Judgement(ago <= grace ? Verdict.RETRY : Verdict.REPLAY, ago);
    }

    /** Records that {@code tokenId} was used (again) at {@code now}; its first use is what counts. */
    void spend(String tokenId, int generation, long now) {
        spent.putIfAbsent(tokenId, new Spent(generation, now));
        firstUse.putIfAbsent(generation, now);
        int oldestKept = firstUse.lastKey() - KEPT_GENERATIONS + 1;
        firstUse.headMap(oldestKept).clear();
        spent.values().removeIf(s -> s.generation() < oldestKept);
        while (spent.size() > KEPT_SPENT) {
            String oldest = spent.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().at()))
                    .map(Map.Entry::getKey).orElseThrow();
            spent.remove(oldest);
        }
    }

    int highestGeneration() {
        return firstUse.isEmpty() ? -1 : firstUse.lastKey();
    }
}
