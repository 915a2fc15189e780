package dev.connmgmt.compat.app;

import javax.sql.DataSource;

import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The same application pointed at PostgreSQL with plain {@code spring.datasource.*}
 * properties: Flyway migrates, JPA validates the schema, transactions roll back, Spring
 * Boot's Hikari metrics see the pool.
 */
@SpringBootTest
class CustomerPostgresTests {

	private static final TestDatabase database = EmbeddedPostgresServer.shared().createDatabaseWithOwner("customers");

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", () -> database.owner().name());
		registry.add("spring.datasource.password", () -> database.owner().password());
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
	}

	@Autowired
	private CustomerService service;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private MeterRegistry meters;

	@Test
	void flywayMigratedThePostgresDatabaseAsTheApplicationsRole() {
		assertThat(this.jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo(database.owner().name());
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success", Integer.class))
			.isEqualTo(1);
	}

	@Test
	void registersAndRollsBack() {
		int before = this.service.auditEntries();
		this.service.register("Edsger");
		assertThatIllegalStateException().isThrownBy(() -> this.service.registerThenFail("Tony"));
		assertThat(this.service.auditEntries()).isEqualTo(before + 1);
	}

	@Test
	void healthAndHikariMetricsSeeThePool() {
		assertThat(ActuatorHealth.of(this.context).status("db")).isEqualTo(ActuatorHealth.UP);
		assertThat(this.dataSource).isInstanceOf(ManagedDataSource.class);
		assertThat(this.meters.get("hikaricp.connections.max").tag("pool", "default").gauge().value()).isEqualTo(4.0);
	}

}
