package io.actiongate.keycloak.console;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a save of a GPT client's entry does to its waiting callbacks, decided from what the page showed and what the
 * admin sent back, without touching anything: which callbacks leave the waiting list ({@link #settled}), and for
 * each one that did, what it means ({@link #outcomeOf}). Only callbacks the page showed are settled, so one
 * recorded while the page was open stays waiting.
 */
record WaitingSettlement(Set<String> settled, Set<String> allowedNow, Set<String> addedByHand, Set<String> kept) {

    enum Outcome {
        /** The admin added it to the approved callbacks in this save: approved now, one by one. */
        APPROVED_BY_HAND,
        /** Already allowed before this save (approved elsewhere): it just leaves the list, no decision. */
        ALREADY_ALLOWED,
        /** Kept on the list with "approve waiting callbacks" on: approved now, added to the approved callbacks. */
        APPROVED,
        /** Removed from the list by the admin: dismissed. */
        DISMISSED
    }

    /**
     * @param shown         the waiting callbacks the page showed
     * @param kept          the waiting callbacks still listed in the saved entry
     * @param approveAll    "approve waiting callbacks" was switched on
     * @param allowedAfter  whether the approved callbacks being saved allow a callback
     * @param allowedBefore whether the approved callbacks stored before this save allowed it
     */
    static WaitingSettlement decide(Set<String> shown, Set<String> kept, boolean approveAll,
                                    Predicate<String> allowedAfter, Predicate<String> allowedBefore) {
        Set<String> allowedNow = shown.stream().filter(allowedAfter).collect(Collectors.toSet());
        Set<String> addedByHand = allowedNow.stream().filter(allowedBefore.negate()).collect(Collectors.toSet());
        Set<String> settled = new HashSet<>(allowedNow);
        shown.stream().filter(callback -> approveAll || !kept.contains(callback)).forEach(settled::add);
        return new WaitingSettlement(Set.copyOf(settled), Set.copyOf(allowedNow), Set.copyOf(addedByHand), Set.copyOf(kept));
    }

    /** What a callback that did leave the waiting list (one of {@link #settled}) means. */
    Outcome outcomeOf(String removed) {
        if (allowedNow.contains(removed)) {
            return addedByHand.contains(removed) ? Outcome.APPROVED_BY_HAND : Outcome.ALREADY_ALLOWED;
        }
        return kept.contains(removed) ? Outcome.APPROVED : Outcome.DISMISSED;
    }
}
