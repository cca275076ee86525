package io.actiongate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.AgendaPageSession;
import io.actiongate.server.testing.ChatGpt;
import io.actiongate.server.testing.ChatGpt.TokenExchangeMethod;
import io.actiongate.server.testing.KeycloakAdmin;
import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The agenda page's live updates under load: {@code benchmark.users} users (50) with {@code benchmark.pages} open
 * pages each (10: 500 event streams), each user's agenda changed through the REST API once a second for
 * {@code benchmark.seconds} (30), on PostgreSQL (the change goes out as a NOTIFY and comes back through the
 * listener). Every change must reach each of its user's streams; reports the delivery time (from the request to
 * the event) at p50, p99 and max, and the API's resident memory.
 * {@code ./mvnw -Pbenchmark-live verify -pl keycloak-server,resource-server,deploy -am}; figures in
 * deploy/target/live-updates-results.txt.
 */
class LiveUpdatesBenchmark {

    private static final int USERS = Integer.getInteger("benchmark.users", 50);
    private static final int PAGES_PER_USER = Integer.getInteger("benchmark.pages", 10);
    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 30);

    /** One user: its GPT Action token for the changes, and the times its changes were sent. */
    private record User(String token, List<Long> sentNanos) {
    }

    /** One open page's event stream: when each "changed" event arrived. */
    private record Stream(int user, ConcurrentLinkedQueue<Long> receivedNanos) {
    }

    @Test
    void everyChangeReachesItsUsersPages() throws Exception {
        try (LoopbackDeployment deployment = LoopbackDeployment.start();
             KeycloakAdmin admin = new KeycloakAdmin(deployment.keycloak())) {
            String apiUrl = deployment.apiUrl();
            StagedKeycloak keycloak = deployment.keycloak();
            List<User> users = new ArrayList<>();
            List<Stream> streams = new CopyOnWriteArrayList<>();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(32)).build();
            CountDownLatch open = new CountDownLatch(USERS * PAGES_PER_USER);
            for (int u = 0; u < USERS; u++) {
                String name = "live-" + u;
                String password = RealmSettings.randomSecret();
                admin.createUser(name, password);
                ChatGpt gpt = new ChatGpt(keycloak);
                String token = gpt.exchangeCode(gpt.signIn(TestCallbacks.APPROVED, "live", "openid offline_access", name, password).code(),
                        TestCallbacks.APPROVED, TokenExchangeMethod.POST_BODY).then().statusCode(200).extract().path("access_token");
                users.add(new User(token, Collections.synchronizedList(new ArrayList<>())));
                for (int p = 0; p < PAGES_PER_USER; p++) {
                    Stream stream = new Stream(u, new ConcurrentLinkedQueue<>());
                    streams.add(stream);
                    HttpRequest events = HttpRequest.newBuilder(URI.create(apiUrl + "/web/events"))
                            .header("Cookie", AgendaPageSession.signIn(apiUrl, keycloak, name, password).cookieHeader())
                            .header("Accept", "text/event-stream").build();
                    http.sendAsync(events, HttpResponse.BodyHandlers.fromLineSubscriber(new java.util.concurrent.Flow.Subscriber<String>() {
                        @Override
                        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                            open.countDown();
                            subscription.request(Long.MAX_VALUE);
                        }

                        @Override
                        public void onNext(String line) {
                            if (line.equals("data:changed")) {
                                stream.receivedNanos().add(System.nanoTime());
                            }
                        }

                        @Override
                        public void onError(Throwable failure) {
                        }

                        @Override
                        public void onComplete() {
                        }
                    }));
                }
            }
            assertThat(open.await(60, TimeUnit.SECONDS)).as("all streams open").isTrue();
            Thread.sleep(1000);

            // One change per user per second, the users spread over the second.
            ScheduledExecutorService load = Executors.newScheduledThreadPool(8);
            AtomicInteger failed = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(USERS * SECONDS);
            for (int u = 0; u < USERS; u++) {
                User user = users.get(u);
                load.scheduleAtFixedRate(() -> {
                    if (done.getCount() == 0) {
                        return;
                    }
                    HttpRequest change = HttpRequest.newBuilder(URI.create(apiUrl + "/items"))
                            .header("Authorization", "Bearer " + user.token()).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"date\":\"" + LocalDate.now() + "\",\"text\":\"live\"}")).build();
                    long sent = System.nanoTime();
                    try {
                        if (http.send(change, HttpResponse.BodyHandlers.discarding()).statusCode() == 201) {
                            user.sentNanos().add(sent);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    done.countDown();
                }, u * 1000L / USERS, 1000, TimeUnit.MILLISECONDS);
            }
            assertThat(done.await(SECONDS + 60, TimeUnit.SECONDS)).isTrue();
            load.shutdownNow();
            Thread.sleep(2000); // the last events in flight
            long memory = deployment.api().residentMebibytes();

            // Each change, on each of its user's streams: the first event at or after it was sent.
            List<Long> delays = new ArrayList<>();
            int missed = 0;
            for (Stream stream : streams) {
                List<Long> sent = new ArrayList<>(users.get(stream.user()).sentNanos());
                Collections.sort(sent);
                List<Long> received = new ArrayList<>(stream.receivedNanos());
                Collections.sort(received);
                int next = 0;
                for (long change : sent) {
                    while (next < received.size() && received.get(next) < change) {
                        next++;
                    }
                    if (next == received.size()) {
                        missed++;
                    } else {
                        delays.add(received.get(next) - change);
                    }
                }
            }
            Collections.sort(delays);
            int changes = users.stream().mapToInt(user -> user.sentNanos().size()).sum();
            String report = String.format(
                    "Agenda page live updates on PostgreSQL: %d users x %d open pages (%d event streams), one change per user"
                            + " per second for %d s%n"
                            + "  changes %d (failed %d), deliveries expected %d, received %d, missed %d%n"
                            + "  delivery (request sent to event received): p50 %d ms, p99 %d ms, max %d ms%n"
                            + "  agenda API resident memory after the run: %d MiB%n",
                    USERS, PAGES_PER_USER, streams.size(), SECONDS, changes, failed.get(), changes * PAGES_PER_USER,
                    delays.size(), missed, millis(delays, 0.50), millis(delays, 0.99), millis(delays, 1.0), memory);
            System.out.print(report);
            Path results = Paths.get("target", "live-updates-results.txt");
            Files.createDirectories(results.getParent());
            Files.writeString(results, report);
            assertThat(changes).as("the benchmark made changes").isPositive();
            assertThat(missed).as("every change reached each of its user's pages").isZero();
            assertThat(millis(delays, 0.99)).as("p99 delivery").isLessThan(1000);
        }
    }

    private static long millis(List<Long> sortedNanos, double quantile) {
        if (sortedNanos.isEmpty()) {
            return -1;
        }
        int index = (int) Math.min(sortedNanos.size() - 1, Math.ceil(quantile * sortedNanos.size()) - 1);
        return Duration.ofNanos(sortedNanos.get(Math.max(0, index))).toMillis();
    }
}
