package io.actiongate.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Load from <a href="https://github.com/wg/wrk">wrk</a> (Debian's {@code wrk} package), the tool issue 19 measured
 * with: a C load generator costs the two shared cores far less per request than a Java client does, so the rates it
 * measures are the servers'. Keep-alive connections ({@code benchmark.connections}, 8) from two threads; every answer
 * must be a 200. The request's token goes to wrk through its environment, never into a file or a log.
 */
public final class Wrk {

    public static final int CONNECTIONS = Integer.getInteger("benchmark.connections", 8);
    private static final int THREADS = 2;
    /** What wrk runs: the request from its environment; counts the answers other than 200 and prints one line. */
    private static final String SCRIPT = """
            wrk.method = os.getenv("WRK_METHOD")
            if os.getenv("WRK_BODY") ~= "" then wrk.body = os.getenv("WRK_BODY") end
            for name, value in string.gmatch(os.getenv("WRK_HEADERS"), "([^:\\n]+): ([^\\n]*)") do
              wrk.headers[name] = value
            end
            local threads = {}
            function setup(thread) table.insert(threads, thread) end
            function init(args) other = 0 end
            function response(status, headers, body) if status ~= 200 then other = other + 1 end end
            function done(summary, latency, requests)
              local others = 0
              for _, thread in ipairs(threads) do others = others + thread:get("other") end
              local e = summary.errors
              io.write(string.format("actiongate-wrk requests=%d microseconds=%d other-status=%d socket-errors=%d\\n",
                summary.requests, summary.duration, others, e.connect + e.read + e.write + e.timeout))
            end
            """;
    private static final Pattern RESULT = Pattern.compile(
            "actiongate-wrk requests=(\\d+) microseconds=(\\d+) other-status=(\\d+) socket-errors=(\\d+)");

    private Wrk() {
    }

    /** One HTTP request as wrk sends it. */
    public record Request(String url, String method, Map<String, String> headers, String body) {

        public static Request get(String url, String bearerToken) {
            return new Request(url, "GET", bearerToken == null ? Map.of() : Map.of("Authorization", "Bearer " + bearerToken), "");
        }

        public static Request postJson(String url, String bearerToken, String body, String accept) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", "Bearer " + bearerToken);
            headers.put("Content-Type", "application/json");
            headers.put("Accept", accept);
            return new Request(url, "POST", headers, body);
        }
    }

    /** Requests per second over {@code duration}; fails unless every answer was a 200 and no socket failed. */
    public static double measure(Request request, Duration duration, String name) throws Exception {
        Path script = Files.createTempFile("actiongate-wrk-", ".lua");
        try {
            Files.writeString(script, SCRIPT);
            ProcessBuilder builder = new ProcessBuilder(List.of("wrk", "-t" + THREADS, "-c" + CONNECTIONS,
                    "-d" + duration.toSeconds() + "s", "-s", script.toString(), request.url())).redirectErrorStream(true);
            builder.environment().put("WRK_METHOD", request.method());
            builder.environment().put("WRK_BODY", request.body());
            builder.environment().put("WRK_HEADERS", request.headers().entrySet().stream()
                    .map(header -> header.getKey() + ": " + header.getValue()).collect(Collectors.joining("\n")));
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("The API benchmark needs wrk: apt-get install wrk", e);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)).as(name + ": wrk ended").isTrue();
            Matcher result = RESULT.matcher(output);
            assertThat(result.find()).as(name + ": wrk's result in\n" + output).isTrue();
            assertThat(Long.parseLong(result.group(3))).as(name + ": answers other than 200").isZero();
            assertThat(Long.parseLong(result.group(4))).as(name + ": socket errors").isZero();
            return Long.parseLong(result.group(1)) / (Long.parseLong(result.group(2)) / 1e6);
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
