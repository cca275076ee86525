package io.actiongate.doctor.report;

/**
 * One check's result: one line in the report. A failure says what ChatGPT would show, why, and the fix; a check
 * that could not be made says why not.
 *
 * @param id         stable, dotted name ({@code gpt.token.type}), for scripts reading {@code --json}
 * @param outcome    passed, failed, or could not be checked
 * @param summary    what was checked or found, in a few words
 * @param chatGptShows for a failure: what the builder or the user sees in ChatGPT
 * @param why        for a failure: what is wrong; for a check not made: why not
 * @param fix        for a failure: what to change
 */
public record Check(String id, Outcome outcome, String summary, String chatGptShows, String why, String fix) {

    public enum Outcome { PASSED, FAILED, NOT_CHECKED }

    public static Check passed(String id, String summary) {
        return new Check(id, Outcome.PASSED, summary, null, null, null);
    }

    public static Check failed(String id, String summary, String chatGptShows, String why, String fix) {
        return new Check(id, Outcome.FAILED, summary, chatGptShows, why, fix);
    }

    public static Check notChecked(String id, String summary, String why) {
        return new Check(id, Outcome.NOT_CHECKED, summary, null, why, null);
    }
}
