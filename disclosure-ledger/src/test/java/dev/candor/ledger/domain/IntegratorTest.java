package dev.candor.ledger.domain;

import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The integrator's handling of a connection that dies under it (no database needed). */
class IntegratorTest {

    /** A connection whose statements fail with {@code failure} and whose rollback fails with {@code rollback}. */
    static Connection dying(SQLException failure, SQLException rollback) {
        return (Connection) Proxy.newProxyInstance(IntegratorTest.class.getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setAutoCommit", "close" -> null;
                    case "rollback" -> throw rollback;
                    default -> throw failure;
                });
    }

    @Test
    void aRollbackFailingOnADeadConnectionDoesNotHideWhyTheRunFailed() {
        SQLException reset = new SQLException("connection reset", "08006");
        SQLException closed = new SQLException("this connection has been closed", "08003");
        Integrator integrator = new Integrator();
        integrator.status = new IntegrationStatus();
        integrator.dataSource = (DataSource) Proxy.newProxyInstance(IntegratorTest.class.getClassLoader(),
                new Class<?>[]{DataSource.class}, (proxy, method, args) -> dying(reset, closed));

        Throwable thrown = catchThrowable(integrator::integrateOnce);

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasCause(reset);
        assertThat(reset.getSuppressed()).containsExactly(closed);
    }
}
