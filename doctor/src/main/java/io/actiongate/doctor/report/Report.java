package io.actiongate.doctor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of one run, in the order they were made. Printed as they come (one line each), or at the end as one
 * JSON document with {@code --json}. Nothing secret is ever added to a check: callers put URLs and claims in, never
 * a secret, a password or a token.
 */
public final class Report {

    private final List<Check> checks = new ArrayList<>();
    private final PrintStream out;
    private final boolean json;

    public Report(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    public Check add(Check check) {
        checks.add(check);
        if (!json) {
            out.println(line(check));
        }
        return check;
    }

    public List<Check> checks() {
        return List.copyOf(checks);
    }

    public boolean anyFailed() {
        return checks.stream().anyMatch(check -> check.outcome() == Check.Outcome.FAILED);
    }

    /** Exit code: 0 only when nothing failed (checks that could not be made do not fail the run). */
    public int exitCode() {
        return anyFailed() ? 1 : 0;
    }

    /** Ends the run: the totals line, or the whole JSON document. */
    public void finish(String command) {
        long passed = count(Check.Outcome.PASSED);
        long failed = count(Check.Outcome.FAILED);
        long notChecked = count(Check.Outcome.NOT_CHECKED);
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("command", command);
            document.put("passed", passed);
            document.put("failed", failed);
            document.put("notChecked", notChecked);
            document.put("checks", checks);
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.printf("%n%d passed, %d failed, %d could not be checked%n", passed, failed, notChecked);
        }
    }

    private long count(Check.Outcome outcome) {
        return checks.stream().filter(check -> check.outcome() == outcome).count();
    }

    static String line(Check check) {
        return switch (check.outcome()) {
            case PASSED -> "PASS  " + check.id() + ": " + check.summary();
            case NOT_CHECKED -> "SKIP  " + check.id() + ": " + check.summary() + " (could not be checked: " + check.why() + ")";
            case FAILED -> "FAIL  " + check.id() + ": " + check.summary() + " | ChatGPT shows: " + check.chatGptShows()
                    + " | why: " + check.why() + " | fix: " + check.fix();
        };
    }
}
