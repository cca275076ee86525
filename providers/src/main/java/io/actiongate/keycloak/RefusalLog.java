package io.actiongate.keycloak;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which refused callbacks get a log line of their own, so that an anonymous caller cannot fill the log:
 * within each window, one line per distinct client and callback, at most {@link #LINES_PER_CLIENT} per client and
 * {@link #LINES_PER_WINDOW} in all; the rest are counted, and the count is reported once the window has passed.
 * Memory is bounded the same way. Per node; the waiting list itself is kept elsewhere.
 */
public final class RefusalLog {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int LINES_PER_CLIENT = 20;
    static final int LINES_PER_WINDOW = 200;

    /** What to do with one refusal: log it or not, and how many went unlogged in the window that just ended. */
    public record Decision(boolean logThis, long unloggedInLastWindow) {
    }

    private final Map<String, Boolean> logged = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> linesPerClient = new ConcurrentHashMap<>();
    private final AtomicLong unlogged = new AtomicLong();
    private Instant windowStart;

    public RefusalLog(Instant now) {
        this.windowStart = now;
    }

    public synchronized Decision refused(String clientKey, String callback, Instant now) {
        long previousUnlogged = 0;
        if (!now.isBefore(windowStart.plus(WINDOW))) {
            previousUnlogged = unlogged.getAndSet(0);
            logged.clear();
            linesPerClient.clear();
            windowStart = now;
        }
        boolean logThis = logged.size() < LINES_PER_WINDOW
                && linesPerClient.computeIfAbsent(clientKey, ignored -> new AtomicLong()).get() < LINES_PER_CLIENT
                && logged.putIfAbsent(clientKey + '\n' + callback, Boolean.TRUE) == null;
        if (logThis) {
            linesPerClient.get(clientKey).incrementAndGet();
        } else {
            unlogged.incrementAndGet();
        }
        return new Decision(logThis, previousUnlogged);
    }
}
