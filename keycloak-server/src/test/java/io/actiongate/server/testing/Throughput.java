package io.actiongate.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        return measure(duration, name, thread -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    /** One request of a load thread (numbered from 0), answering its HTTP status. */
    @FunctionalInterface
    public interface ThreadRequest {
        int send(int thread) throws IOException, InterruptedException;
    }

    /**
     * Requests per second over {@code duration} from {@link #THREADS} threads, each sending its own requests (a
     * thread may carry state from one answer to its next request); every answer must be 200.
     */
    public static double measure(Duration duration, String name, ThreadRequest request) throws Exception {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int thread = i;
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        try {
                            (request.send(thread) == 200 ? ok : failed).incrementAndGet();
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
        Map<String, HttpRequest> requests = new LinkedHashMap<>();
        requests.put(firstName, first);
        requests.put(secondName, second);
        Map<String, List<Double>> rates = rotating(http, requests);
        return new Comparison(rates.get(firstName), rates.get(secondName));
    }

    /** One request's rate over a duration, from whatever generates the load. */
    @FunctionalInterface
    public interface Load<R> {
        double requestsPerSecond(R request, Duration duration, String name) throws Exception;
    }

    /**
     * The per-round rates of several requests (by name, in the given order): a warm-up round of each, not counted,
     * then {@link #ROUNDS} rounds in which every request gets {@link #ROUND}, each round starting one request
     * further on, so that none always runs on a warmer (or more tired) server.
     */
    public static Map<String, List<Double>> rotating(HttpClient http, Map<String, HttpRequest> requests) throws Exception {
        Load<HttpRequest> load = (request, duration, name) -> measure(http, request, duration, name);
        warmUp(requests, ROUND, load);
        return rotating(requests, load);
    }

    /** Each request for {@code duration} from {@code load}, in the given order, not counted. */
    public static <R> void warmUp(Map<String, R> requests, Duration duration, Load<R> load) throws Exception {
        for (Map.Entry<String, R> request : requests.entrySet()) {
            load.requestsPerSecond(request.getValue(), duration, request.getKey());
        }
    }

    /** As {@link #rotating(HttpClient, Map)} without the warm-up, the load from {@code load}. */
    public static <R> Map<String, List<Double>> rotating(Map<String, R> requests, Load<R> load) throws Exception {
        List<String> names = new ArrayList<>(requests.keySet());
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        names.forEach(name -> rates.put(name, new ArrayList<>()));
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((round + i) % names.size());
                rates.get(name).add(load.requestsPerSecond(requests.get(name), ROUND, name));
            }
        }
        return rates;
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
