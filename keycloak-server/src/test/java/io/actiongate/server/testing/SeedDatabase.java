package io.actiongate.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An H2 database of the staged Keycloak with its schema and master realm but no ActionGate realm, made once per
 * build (beside the staged server, as {@code target/keycloak-seed}) and copied into the DATA_DIR of every H2 server
 * the tests start. Keycloak then skips creating the schema and setting up the master realm, about 25 s of a 40 s
 * first start on 2 cores, 18 times per CI run; it still imports the realm on every start, from each test's own
 * settings. A start from nothing is still tested: the seed's own start, and BinStartIT through bin/start.
 *
 * <p>Keycloak creates the bootstrap admin only in an empty master realm, so a server started from the seed has the
 * seed's admin: {@link #copyInto} returns the settings with those credentials.
 */
final class SeedDatabase {

    /** Rewritten by every build of the staged server (kc.sh build), so a seed older than it is from an old build. */
    private static final String BUILD_MARKER = "lib/quarkus/quarkus-application.dat";
    private static final String ADMIN_FILE = "admin";
    private static final String DATABASE_DIR = "keycloak";

    private SeedDatabase() {
    }

    /** Copies the seed (made first if missing or stale) into {@code dataDir}; the settings with the seed's admin. */
    static synchronized RealmSettings copyInto(Path home, Path dataDir, RealmSettings settings) {
        Path seed = home.resolveSibling(home.getFileName() + "-seed");
        try {
            if (!isCurrent(seed, home)) {
                create(home, seed);
            }
            Path target = Files.createDirectories(dataDir.resolve(DATABASE_DIR));
            try (Stream<Path> files = Files.list(seed.resolve(DATABASE_DIR))) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName().toString()));
                }
            }
            List<String> admin = Files.readAllLines(seed.resolve(ADMIN_FILE));
            return settings.withAdmin(admin.get(0), admin.get(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isCurrent(Path seed, Path home) throws IOException {
        Path admin = seed.resolve(ADMIN_FILE);
        return Files.exists(admin)
                && Files.getLastModifiedTime(admin).compareTo(Files.getLastModifiedTime(home.resolve(BUILD_MARKER))) > 0;
    }

    /** One first start of the staged server, its ActionGate realm deleted, stopped; then moved into place. */
    private static void create(Path home, Path seed) throws IOException {
        Path made = Files.createTempDirectory(seed.getParent(), seed.getFileName() + "-");
        RealmSettings settings = RealmSettings.forTests(TestCallbacks.APPROVED);
        try (StagedKeycloak keycloak = StagedKeycloak.launch(home, made, settings, Map.of());
             KeycloakAdmin admin = new KeycloakAdmin(keycloak)) {
            admin.realm().remove();
        }
        // Written last: a seed without it (a run stopped half-way) is made again.
        Files.write(made.resolve(ADMIN_FILE), List.of(settings.adminUser(), settings.adminPassword()));
        deleteRecursively(seed);
        try {
            Files.move(made, seed, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            deleteRecursively(made); // another test JVM made it meanwhile
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(path);
            }
        }
    }
}
