package dev.candor.consent.persistence;

import dev.candor.consent.domain.SubjectRef;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

/** Small JDBC helpers shared by the hand-written queries of the decision path. */
final class Sql {

    private Sql() {
    }

    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        ps.setObject(index, value == null ? null : OffsetDateTime.ofInstant(value, ZoneOffset.UTC),
                Types.TIMESTAMP_WITH_TIMEZONE);
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Two parallel text arrays (types, ids), for {@code (type, id) IN (SELECT * FROM unnest(?::text[], ?::text[]))}. */
    static void setSubjects(Connection connection, PreparedStatement ps, int index, Collection<SubjectRef> subjects)
            throws SQLException {
        List<SubjectRef> list = List.copyOf(subjects);
        String[] types = new String[list.size()];
        String[] ids = new String[list.size()];
        for (int i = 0; i < list.size(); i++) {
            types[i] = list.get(i).type().name();
            ids[i] = list.get(i).id();
        }
        Array typeArray = connection.createArrayOf("text", types);
        Array idArray = connection.createArrayOf("text", ids);
        ps.setArray(index, typeArray);
        ps.setArray(index + 1, idArray);
    }
}
