package io.actiongate.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** The load loop of the benchmarks: one request, sent again and again from a few threads, counted by its answers. */
public final class Throughput {

    public static final int THREADS = Integer.getInteger("benchmark.threads", 4);
    public static final int ROUNDS = Integer.getInteger("benchmark.rounds", 6);
    public static final Duration ROUND = Duration.ofSeconds(Integer.getInteger("benchmark.seconds", 10));

    private Throughput() {
    }

    /** Requests per second over {@code duration} from {@link #THREADS} threads; every answer must be 200. */
    public static double measure(HttpClient http, HttpRequest request, Duration duration, String name) throws Exception {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        try {
                            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                            (status == 200 ? ok : failed).incrementAndGet();
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(failed.get()).as(name + ": failed requests").isZero();
        return ok.get() / seconds;
    }

    /** The per-round rates of two requests measured in alternating order, after one warm-up round each. */
    public record Comparison(List<Double> first, List<Double> second) {
    }

    /**
     * {@link #ROUNDS} rounds of {@link #ROUND} each for both requests, the order alternating so that neither always
     * runs on a warmer server; a warm-up round of each first, not counted.
     */
    public static Comparison alternating(HttpClient http, HttpRequest first, String firstName, HttpRequest second,
                                         String secondName) throws Exception {
        measure(http, first, ROUND, firstName);
        measure(http, second, ROUND, secondName);
        List<Double> firstRates = new ArrayList<>();
        List<Double> secondRates = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            if (round % 2 == 0) {
                firstRates.add(measure(http, first, ROUND, firstName));
                secondRates.add(measure(http, second, ROUND, secondName));
            } else {
                secondRates.add(measure(http, second, ROUND, secondName));
                firstRates.add(measure(http, first, ROUND, firstName));
            }
        }
        return new Comparison(firstRates, secondRates);
    }

    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    public static String format(List<Double> values) {
        return values.stream().map(value -> String.format("%.0f", value)).toList().toString();
    }
}
