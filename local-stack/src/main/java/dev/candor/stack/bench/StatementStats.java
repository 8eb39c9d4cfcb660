package dev.candor.stack.bench;

import dev.candor.devinfra.EmbeddedPostgresServer;
import dev.candor.stack.LocalStack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Where PostgreSQL's time went during one load, statement by statement, from {@code pg_stat_statements} — when the
 * benchmark runs with {@code BENCH_PG_STATEMENTS=1} (the server then preloads the module); otherwise nothing.
 */
final class StatementStats {

    private final LocalStack stack;

    StatementStats(LocalStack stack) {
        this.stack = stack;
    }

    static boolean enabled() {
        return Boolean.getBoolean(EmbeddedPostgresServer.STATEMENT_STATS);
    }

    /** Forgets what was counted so far (call right before the load). */
    void reset() throws SQLException {
        if (!enabled()) {
            return;
        }
        try (Connection c = stack.postgres().superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /**
     * Markdown rows of the {@code limit} statements that took longest since {@link #reset}, per row written by the
     * statement that starts with {@code unitStatement} (e.g. the ledger's {@code COPY entry (}: per entry stored —
     * not per request the load generator counted, as batches in flight at either end of the window would skew it):
     * database, calls and rows per unit, execution time and WAL per unit, the statement's start.
     */
    List<String> top(String unitStatement, int limit) throws SQLException {
        List<String> lines = new ArrayList<>();
        if (!enabled()) {
            return lines;
        }
        String sql = """
                SELECT d.datname, s.calls, s.rows, s.total_exec_time, s.wal_bytes,
                       left(regexp_replace(s.query, '\\s+', ' ', 'g'), 110)
                FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname <> 'postgres'
                ORDER BY s.total_exec_time DESC LIMIT %d""".formatted(limit);
        try (Connection c = stack.postgres().superuser("postgres"); Statement s = c.createStatement()) {
            double units;
            try (ResultSet rs = s.executeQuery("SELECT coalesce(sum(rows), 0) FROM pg_stat_statements WHERE query LIKE '"
                    + unitStatement.replace("'", "''") + "%'")) {
                rs.next();
                units = rs.getDouble(1);
            }
            if (units <= 0) {
                return lines;
            }
            lines.add(String.format("%.0f rows written by `%s…` in the window; per such row:", units, unitStatement));
            lines.add("");
            lines.add("| database | calls | rows | execution µs | WAL bytes | statement |");
            lines.add("|---|---|---|---|---|---|");
            double totalMicros = 0;
            double totalWal = 0;
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    double micros = rs.getDouble(4) * 1000 / units;
                    double wal = rs.getDouble(5) / units;
                    totalMicros += micros;
                    totalWal += wal;
                    lines.add(String.format("| %s | %.2f | %.2f | %.1f | %.0f | `%s` |", rs.getString(1),
                            rs.getDouble(2) / units, rs.getDouble(3) / units, micros, wal,
                            rs.getString(6).replace("|", "\\|")));
                }
            }
            lines.add(String.format("| these %d together | | | %.1f | %.0f | |", limit, totalMicros, totalWal));
        }
        return lines;
    }
}
