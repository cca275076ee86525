package io.actiongate.keycloak.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.keycloak.callbacks.CallbackAllowList;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The console's save of waiting callbacks, decided as a table: what the page showed, what the admin kept listed,
 * "approve waiting callbacks", the approved entries before and after the save; then which callbacks leave the list
 * and what each means. g-a, g-b, g-c stand for their GPT callbacks.
 */
class WaitingSettlementTest {

    @ParameterizedTest(name = "shown {0}, kept {1}, approve all {2}, approved {3} -> {4}: {5}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // nothing changed on the page: nothing settled
            "g-a g-b | g-a g-b | false | -    | -        | ''",
            // one removed: dismissed; the other stays waiting
            "g-a g-b | g-b     | false | -    | -        | g-a=DISMISSED",
            // all removed
            "g-a g-b | ''      | false | -    | -        | g-a=DISMISSED g-b=DISMISSED",
            // approve all: every shown one still listed is approved, a removed one dismissed
            "g-a g-b | g-a     | true  | -    | -        | g-a=APPROVED g-b=DISMISSED",
            "g-a g-b | g-a g-b | true  | -    | -        | g-a=APPROVED g-b=APPROVED",
            // approve just one by adding it to the approved entries: only that one leaves, as approved by hand
            "g-a g-b | g-a g-b | false | -    | g-a      | g-a=APPROVED_BY_HAND",
            // already approved elsewhere (the REST endpoint) while listed: leaves without a decision
            "g-a g-b | g-a g-b | false | g-a  | g-a      | g-a=ALREADY_ALLOWED",
            // added by hand and removed from the list at once: still approved (the entries decide)
            "g-a     | ''      | false | -    | g-a      | g-a=APPROVED_BY_HAND",
            // a callback not shown (recorded while the page was open) is never settled, even with approve all
            "g-a     | g-a g-c | true  | -    | -        | g-a=APPROVED",
            "g-a     | ''      | false | -    | g-c      | g-a=DISMISSED",
    })
    void aSaveSettlesOnlyWhatThePageShowed(String shown, String kept, boolean approveAll, String before, String after,
                                           String expected) {
        CallbackAllowList entriesBefore = CallbackAllowList.parse(before == null ? "" : before.replace(' ', ','));
        CallbackAllowList entriesAfter = CallbackAllowList.parse(after == null ? "" : after.replace(' ', ','));
        WaitingSettlement settlement = WaitingSettlement.decide(callbacks(shown), callbacks(kept), approveAll,
                entriesAfter::allows, entriesBefore::allows);

        Map<String, WaitingSettlement.Outcome> outcomes = new TreeMap<>();
        settlement.settled().forEach(callback -> outcomes.put(idOf(callback), settlement.outcomeOf(callback)));
        assertThat(outcomes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")))
                .isEqualTo(expected);
    }

    private static Set<String> callbacks(String ids) {
        return Arrays.stream(ids.trim().split("\\s+")).filter(id -> !id.isEmpty())
                .map(id -> "https://chatgpt.com/aip/" + id + "/oauth/callback").collect(Collectors.toSet());
    }

    private static String idOf(String callback) {
        return callback.replaceAll("https://chatgpt.com/aip/([^/]+)/oauth/callback", "$1");
    }
}
