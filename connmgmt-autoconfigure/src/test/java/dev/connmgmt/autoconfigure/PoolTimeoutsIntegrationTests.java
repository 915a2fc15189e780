package dev.connmgmt.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.connmgmt.failure.SqlFailureCategory;
import dev.connmgmt.failure.SqlFailures;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Time limits reach the PostgreSQL driver and server and end blocking work.
 */
@ExtendWith({ EmbeddedPostgresExtension.class, OutputCaptureExtension.class })
class PoolTimeoutsIntegrationTests {

	private static TestDatabase database;

	@BeforeAll
	static void createDatabase(EmbeddedPostgresServer server) {
		database = server.createDatabaseWithOwner("timeouts");
	}

	@Test
	void queryLimitIsTheServersStatementTimeoutAndKeepsTheConnection() {
		try (ConfigurableApplicationContext context = start("connmgmt.pools.timeouts.timeouts.query=500ms",
				"connmgmt.pools.timeouts.maximum-pool-size=1")) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SHOW statement_timeout", String.class)).isEqualTo("500ms");
			int backend = jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class);
			long started = System.nanoTime();
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> jdbc.queryForObject("SELECT pg_sleep(5)", String.class))
				.satisfies((ex) -> assertThat(SqlFailures.defaults().classify(ex))
					.isEqualTo(SqlFailureCategory.DATABASE_FAILURE));
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(took).isBetween(Duration.ofMillis(450), Duration.ofMillis(2500));
			assertThat(jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class)).isEqualTo(backend);
		}
	}

	@Test
	void socketLimitEndsABlockedReadAndThePoolRecovers() {
		try (ConfigurableApplicationContext context = start("connmgmt.pools.timeouts.timeouts.socket=1s",
				"connmgmt.pools.timeouts.timeouts.connect=500ms")) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			long started = System.nanoTime();
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> jdbc.queryForObject("SELECT pg_sleep(6)", String.class))
				.satisfies((ex) -> assertThat(SqlFailures.defaults().classify(ex))
					.isEqualTo(SqlFailureCategory.TRANSIENT));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900),
					Duration.ofMillis(3000));
			assertThat(jdbc.queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
		}
	}

	@Test
	void warnModeLogsAHierarchyViolationAndStarts(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("connmgmt.pools.timeouts.timeouts.connect=30s",
				"connmgmt.pools.timeouts.timeouts.socket=10s", "connmgmt.validation.mode=warn")) {
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
			assertThat(output).contains("Property 'connmgmt.pools.timeouts.timeouts.connect' (30s) is not shorter than "
					+ "'connmgmt.pools.timeouts.timeouts.socket' (10s)");
		}
	}

	private static ConfigurableApplicationContext start(String... extra) {
		List<String> properties = new ArrayList<>(List.of(database.connmgmtPool("timeouts")));
		properties.addAll(List.of(extra));
		return new SpringApplicationBuilder(PoolTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.run();
	}

}
