package io.actiongate.server.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.actiongate.server.testing.RealmSettings;
import io.actiongate.server.testing.StagedKeycloak;
import io.actiongate.server.testing.TestCallbacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The launcher's class data archive (bin/actiongate-keycloak.sh, AUTH_CDS_DIR): recorded when a server without one
 * stops, mapped by the next start, recorded again when stale; never a half-written one. Whether the JVM uses it is
 * read from /proc (the archive mapped into Keycloak's JVM), not from a log line.
 */
class ClassDataArchiveIT {

    @Test
    void recordedAtTheFirstStopMappedByTheNextStartAndRecordedAgainWhenStale() throws IOException {
        Path dir = Files.createTempDirectory("actiongate-cds-");
        Map<String, String> env = Map.of("AUTH_CDS_DIR", dir.toString());

        try (StagedKeycloak first = start(env)) {
            assertThat(mapped(first)).as("no archive yet, none mapped").isEmpty();
            assertThat(archives(dir)).as("written only when the JVM exits").isEmpty();
        }
        List<Path> recorded = archives(dir);
        assertThat(recorded).as("one archive after the first stop, renamed into place").hasSize(1);
        Path archive = recorded.get(0);
        assertThat(archive.getFileName().toString()).matches("keycloak-\\d+\\.jsa");
        assertThat(Files.size(archive)).isGreaterThan(1 << 20);
        FileTime recordedAt = Files.getLastModifiedTime(archive);

        // An unfinished archive of a server that was killed is removed; one of a running server is left alone.
        Path deadWriter = dir.resolve(archive.getFileName() + "." + Integer.MAX_VALUE + ".new");
        Path liveWriter = dir.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".new");
        Files.writeString(deadWriter, "half");
        Files.writeString(liveWriter, "half");

        try (StagedKeycloak second = start(env)) {
            assertThat(mapped(second)).as("the next start maps the archive").contains(archive.toString());
            assertThat(deadWriter).doesNotExist();
            assertThat(liveWriter).exists();
        }
        assertThat(Files.getLastModifiedTime(archive)).as("a start that used it does not write it").isEqualTo(recordedAt);
        Files.delete(liveWriter);

        // Older than the server's files (as after a rebuild): not used, and recorded again at the stop.
        FileTime longAgo = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(archive, longAgo);
        try (StagedKeycloak third = start(env)) {
            assertThat(mapped(third)).as("a stale archive is not used").isEmpty();
        }
        assertThat(archives(dir)).containsExactly(archive);
        assertThat(Files.getLastModifiedTime(archive)).as("recorded again").isGreaterThan(longAgo);
    }

    @Test
    void anEmptyDirectorySettingMeansNoArchive() {
        try (StagedKeycloak keycloak = start(Map.of("AUTH_CDS_DIR", ""))) {
            assertThat(mapped(keycloak)).isEmpty();
            assertThat(keycloak.jvm().info().arguments().map(List::of).orElse(List.of()))
                    .noneMatch(argument -> argument.contains("SharedArchiveFile") || argument.contains("ArchiveClassesAtExit"));
        }
    }

    private static StagedKeycloak start(Map<String, String> env) {
        return StagedKeycloak.start(RealmSettings.forTests(TestCallbacks.APPROVED_ENTRIES), env);
    }

    /** The ActionGate class data archives mapped into the server's JVM (the JDK's own base archive is not one). */
    private static List<String> mapped(StagedKeycloak keycloak) {
        try (Stream<String> maps = Files.lines(Path.of("/proc", String.valueOf(keycloak.jvm().pid()), "maps"))) {
            return maps.map(line -> line.replaceFirst("^(\\S+\\s+){5}", "").trim())
                    .filter(path -> path.matches(".*/keycloak-\\d+\\.jsa.*")).distinct().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the JVM's memory maps", e);
        }
    }

    private static List<Path> archives(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jsa")).toList();
        }
    }
}
