package dev.connmgmt.pool;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import dev.connmgmt.internal.credentials.StaticCredentialSource;
import dev.connmgmt.failure.SqlFailures;
import dev.connmgmt.test.fault.TcpProxy;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.Driver;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A login to a server that never answers ends after the pool's login timeout (HikariCP's
 * connection timeout) instead of holding a connection adder or a health probe forever.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class LoginTimeoutIntegrationTests {

	@Test
	void aLoginToABlackHoledServerEndsAfterTheLoginTimeout(EmbeddedPostgresServer server) throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("silent");
		try (TcpProxy proxy = TcpProxy.to(server.host(), server.port())) {
			PhysicalConnectionFactory factory = new PhysicalConnectionFactory("silent", new Driver(),
					"jdbc:postgresql://" + server.host() + ":" + proxy.port() + "/" + database.name(), Map.of(),
					new StaticCredentialSource(database.owner().name(), database.owner().password()),
					SqlFailures.defaults());
			HikariConfig config = new HikariConfig();
			config.setConnectionTimeout(1000);
			config.setMaximumPoolSize(1);
			try (ManagedDataSource pool = new ManagedDataSource("silent", config, factory, false, null)) {
				pool.start();
				proxy.blackhole();
				assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> factory.getConnection().close()));
			}
		}
	}

}
