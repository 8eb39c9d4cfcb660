package dev.candor.consent.persistence;

import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the delegation and relation stores share: a row written once plus an append-only table of its versions, read
 * as "the latest version" or "every version", and a transaction-scoped lock that serialises writers of one key.
 *
 * @param <T> one version, as the domain sees it
 */
abstract class VersionedStore<T> {

    @Inject
    Jdbc jdbc;

    private final String name;
    private final String latestColumns;
    private final String versionKey;

    /**
     * @param latestColumns a {@code SELECT DISTINCT ON (<versionKey>) …} over the row joined with its versions,
     *                      aliased so that {@code <alias>.id} is the row's id
     * @param versionKey    the version table's reference to the row, e.g. {@code v.delegation_id}
     */
    VersionedStore(String name, String latestColumns, String versionKey) {
        this.name = name;
        this.latestColumns = latestColumns;
        this.versionKey = versionKey;
    }

    abstract T row(ResultSet rs) throws SQLException;

    /** Serialises writers of one key (a row, or a pair that must not get two active rows) until the transaction ends. */
    public void lock(String key) {
        jdbc.lock(name + " " + key);
    }

    public Optional<T> latest(UUID id) {
        return jdbc.query("the " + name, latestColumns + " WHERE " + versionKey + " = ? ORDER BY " + versionKey
                + ", v.version DESC", (c, ps) -> ps.setObject(1, id), this::row).stream().findFirst();
    }

    /** Every version, oldest first. */
    public List<T> versions(UUID id) {
        return jdbc.query("the " + name + "'s versions", latestColumns.replace("DISTINCT ON (" + versionKey + ") ", "")
                + " WHERE " + versionKey + " = ? ORDER BY v.version", (c, ps) -> ps.setObject(1, id), this::row);
    }

    /** The latest version of each row matching {@code where} (bound by {@code binder}). */
    List<T> latestWhere(String what, String where, Jdbc.Binder binder) {
        return jdbc.query(what, latestColumns + " WHERE " + where + " ORDER BY " + versionKey + ", v.version DESC",
                binder, this::row);
    }
}
