package dev.candor.devinfra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerTest {

    @Test
    void preallocatedWalIsKeptForReuseAfterTheCheckpoint(@TempDir Path data) throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data.resolve("pg"), 0, true)) {
            long before = walSegments(server);

            int switched = server.preallocateWal(8 * EmbeddedPostgresServer.WAL_SEGMENT_BYTES);

            assertThat(switched).isEqualTo(8);
            // Without min_wal_size the checkpoint would remove the used segments instead of keeping them for reuse.
            assertThat(walSegments(server)).isGreaterThanOrEqualTo(before + 8);
            try (Connection c = server.superuser("postgres"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW min_wal_size")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("3GB");
            }
        }
    }

    private static long walSegments(EmbeddedPostgresServer server) throws Exception {
        try (Connection c = server.superuser("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
