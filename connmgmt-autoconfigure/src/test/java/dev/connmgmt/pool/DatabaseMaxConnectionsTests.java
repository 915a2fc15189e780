package dev.connmgmt.pool;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that refuses {@code SHOW max_connections} is asked a bounded number of times,
 * not once more on every connection the pool opens.
 */
class DatabaseMaxConnectionsTests {

	private final AtomicInteger statements = new AtomicInteger();

	@Test
	void refusedQuestionIsGivenUpAfterBoundedAttempts() {
		DatabaseMaxConnections maxConnections = new DatabaseMaxConnections();
		Connection connection = postgresRefusingShow();
		for (int opened = 0; opened < 20; opened++) {
			maxConnections.learnFrom(connection);
		}
		assertThat(this.statements).hasValueBetween(1, DatabaseMaxConnections.ATTEMPTS);
		assertThat(maxConnections.get()).isEmpty();
	}

	private Connection postgresRefusingShow() {
		DatabaseMetaData metaData = proxy(DatabaseMetaData.class, (method) -> switch (method) {
			case "getDatabaseProductName" -> "PostgreSQL";
			default -> throw new UnsupportedOperationException(method);
		});
		Statement statement = proxy(Statement.class, (method) -> switch (method) {
			case "executeQuery" -> throw new SQLException("unrecognized configuration parameter", "42704");
			case "close" -> null;
			default -> throw new UnsupportedOperationException(method);
		});
		return proxy(Connection.class, (method) -> switch (method) {
			case "getMetaData" -> metaData;
			case "createStatement" -> {
				this.statements.incrementAndGet();
				yield statement;
			}
			default -> throw new UnsupportedOperationException(method);
		});
	}

	private static <T> T proxy(Class<T> type, Answer answer) {
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
				(instance, method, arguments) -> answer.to(method.getName())));
	}

	@FunctionalInterface
	private interface Answer {

		Object to(String method) throws SQLException;

	}

}
