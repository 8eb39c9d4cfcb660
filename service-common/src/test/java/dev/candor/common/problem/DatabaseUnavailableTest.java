package dev.candor.common.problem;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** A database that cannot be reached is a 503 to retry, not a 500 with a stack trace per request. */
class DatabaseUnavailableTest {

    @Test
    void connectionFailuresShutdownsAndAnEmptyPoolAreTheDatabaseBeingUnavailable() {
        assertThat((Object) ProblemExceptionMappers.databaseUnavailable(new IllegalStateException("could not load directives",
                new SQLException("Connection to localhost:15432 refused.", "08001")))).isNotNull();
        assertThat((Object) ProblemExceptionMappers.databaseUnavailable(
                new SQLException("terminating connection due to administrator command", "57P01"))).isNotNull();
        assertThat((Object) ProblemExceptionMappers.databaseUnavailable(
                new SQLException("sorry, too many clients already", "53300"))).isNotNull();
        assertThat((Object) ProblemExceptionMappers.databaseUnavailable(new RuntimeException(
                new SQLException("Acquisition timeout while waiting for new connection")))).isNotNull();
    }

    @Test
    void otherDatabaseErrorsAndOtherFailuresAreNot() {
        assertThat((Object) ProblemExceptionMappers.databaseUnavailable(
                new SQLException("duplicate key value violates unique constraint", "23505"))).isNull();
        assertThat((Object) ProblemExceptionMappers.databaseUnavailable(new SQLException("syntax error", "42601"))).isNull();
        assertThat((Object) ProblemExceptionMappers.databaseUnavailable(new IllegalStateException("a bug"))).isNull();
    }
}
