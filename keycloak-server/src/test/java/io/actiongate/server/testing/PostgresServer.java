package io.actiongate.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server from the machine's packages (Debian's {@code postgresql}): its own data
 * directory, a free port on loopback, superuser {@value #USER} without a password (trust on loopback). As root
 * it runs as the {@code postgres} user, since PostgreSQL refuses to run as root.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "actiongate";

    private final Path bin;
    private final Path dir;
    private final int port;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Where initdb and pg_ctl are, if PostgreSQL is installed. */
    public static Optional<Path> binaries() {
        try (Stream<Path> versions = Files.list(Paths.get("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin")).filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the PostgreSQL tests can run; on CI a missing PostgreSQL is a failure, elsewhere a loud skip. */
    public static boolean availableOrFailOnCi() {
        if (binaries().isPresent()) {
            return true;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("PostgreSQL is not installed (.ci/run installs Debian's postgresql)");
        }
        System.out.println("[actiongate] SKIPPED PostgreSQL tests: PostgreSQL is not installed (apt-get install postgresql)");
        return false;
    }

    /** Starts a server with the given (empty) databases. */
    public static PostgresServer start(String... databases) throws IOException, InterruptedException, SQLException {
        Path bin = binaries().orElseThrow();
        Path dir = Files.createTempDirectory("actiongate-postgres-");
        int port = FreePorts.free();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "postgres", dir.toString()), false);
        }
        PostgresServer server = new PostgresServer(bin, dir, port);
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "--auth=trust", "-E", "UTF8"), root);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "-w", "start"), root);
        try (Connection connection = server.connect("postgres")) {
            for (String database : databases) {
                connection.createStatement().execute("create database " + database);
            }
        }
        return server;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, "");
    }

    @Override
    public void close() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "stop"),
                    "root".equals(System.getProperty("user.name")));
        } catch (IOException | InterruptedException e) {
            System.out.println("[actiongate] stopping PostgreSQL failed: " + e);
        }
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
