package dev.connmgmt.internal.observability;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.connmgmt.autoconfigure.ConnmgmtAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtMetricsAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtResilienceAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtTracingAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtVaultAutoConfiguration;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportMetricsAutoConfiguration;
import dev.connmgmt.testing.SpringBootLine;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The OpenTelemetry semantic conventions' connection pool metrics of a pool on a real
 * database, read from Spring Boot's in-memory registry: their names, instrument types,
 * units and attributes, and values that are HikariCP's own measurements, recorded once into
 * {@code hikaricp.*} and {@code db.client.connection.*}.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class SemconvPoolMetricsIntegrationTests {

	private static final String POOL_NAME = "db.client.connection.pool.name";

	private static final Map<String, Meter.Type> TYPES = Map.of("db.client.connection.count", Meter.Type.GAUGE,
			"db.client.connection.idle.max", Meter.Type.GAUGE, "db.client.connection.idle.min", Meter.Type.GAUGE,
			"db.client.connection.max", Meter.Type.GAUGE, "db.client.connection.pending_requests", Meter.Type.GAUGE,
			"db.client.connection.timeouts", Meter.Type.COUNTER, "db.client.connection.create_time",
			Meter.Type.TIMER, "db.client.connection.wait_time", Meter.Type.TIMER,
			"db.client.connection.use_time", Meter.Type.TIMER);

	private static TestDatabase database;

	private static ConfigurableApplicationContext context;

	private static MeterRegistry meters;

	private static DataSource dataSource;

	@BeforeAll
	static void start(EmbeddedPostgresServer server) {
		database = server.createDatabaseWithOwner("semconv");
		context = application(database).run();
		meters = context.getBean(MeterRegistry.class);
		dataSource = context.getBean(DataSource.class);
		new JdbcTemplate(dataSource).queryForObject("SELECT 1", Integer.class);
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void everyMeterHasItsConventionalTypeUnitAndAttributes() {
		Collection<Meter> semconv = Search.in(meters).name((name) -> name.startsWith("db.client.connection.")).meters();
		assertThat(semconv.stream().map((meter) -> meter.getId().getName()).collect(Collectors.toSet()))
			.isEqualTo(TYPES.keySet());
		assertThat(semconv).hasSize(TYPES.size() + 1).allSatisfy((meter) -> {
			Meter.Id id = meter.getId();
			assertThat(id.getType()).as(id.getName()).isEqualTo(TYPES.get(id.getName()));
			assertThat(id.getTag(POOL_NAME)).as(id.getName()).isEqualTo("orders");
			Set<String> keys = id.getTags().stream().map(Tag::getKey).collect(Collectors.toSet());
			assertThat(keys).as(id.getName())
				.isEqualTo(id.getName().equals("db.client.connection.count")
						? Set.of(POOL_NAME, "db.client.connection.state") : Set.of(POOL_NAME));
			assertThat(id.getDescription()).as(id.getName()).isNotBlank();
			if (id.getType() == Meter.Type.TIMER) {
				assertThat(id.getBaseUnit()).as(id.getName()).isEqualTo("seconds");
			}
		});
		assertThat(Search.in(meters).name("db.client.connection.count").tag(POOL_NAME, "orders").meters())
			.map((meter) -> meter.getId().getTag("db.client.connection.state"))
			.containsExactlyInAnyOrder("idle", "used");
	}

	@Test
	void gaugesReadTheStateOfThePool() throws SQLException {
		try (Connection held = borrow()) {
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(gauge("db.client.connection.count", "used")).isEqualTo(1);
				assertThat(gauge("db.client.connection.count", "idle") + gauge("db.client.connection.count", "used"))
					.isEqualTo(meters.get("hikaricp.connections").tag("pool", "orders").gauge().value());
				assertThat(gauge("db.client.connection.max", null)).isEqualTo(2);
				assertThat(gauge("db.client.connection.idle.max", null)).isEqualTo(2);
				assertThat(gauge("db.client.connection.idle.min", null)).isEqualTo(1);
				assertThat(gauge("db.client.connection.pending_requests", null)).isZero();
			});
		}
	}

	@Test
	void timersAndTimeoutsRecordTheMeasurementsHikariTakesForItsOwnMeters() throws SQLException {
		try (Connection first = borrow(); Connection second = borrow()) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> dataSource.getConnection().close());
		}
		assertThat(meters.get("db.client.connection.timeouts").tag(POOL_NAME, "orders").functionCounter().count())
			.isPositive()
			.isEqualTo(meters.get("hikaricp.connections.timeout").tag("pool", "orders").counter().count());
		assertSameMeasurements("db.client.connection.wait_time", "hikaricp.connections.acquire");
		assertSameMeasurements("db.client.connection.use_time", "hikaricp.connections.usage");
		assertSameMeasurements("db.client.connection.create_time", "hikaricp.connections.creation");
		FunctionTimer wait = meters.get("db.client.connection.wait_time").tag(POOL_NAME, "orders").functionTimer();
		assertThat(wait.totalTime(TimeUnit.MILLISECONDS)).as("with the timed out acquisition's wait")
			.isGreaterThanOrEqualTo(250);
	}

	@Test
	void switchedOffThereAreOnlyHikariCpsOwnMeters(EmbeddedPostgresServer server) {
		TestDatabase plain = server.createDatabaseWithOwner("nosemconv");
		try (ConfigurableApplicationContext off = application(plain).properties("connmgmt.metrics.semconv.enabled=false")
			.run()) {
			new JdbcTemplate(off.getBean(DataSource.class)).queryForObject("SELECT 1", Integer.class);
			MeterRegistry registry = off.getBean(MeterRegistry.class);
			assertThat(registry.get("hikaricp.connections.acquire").tag("pool", "orders").timer().count()).isPositive();
			assertThat(Search.in(registry).name((name) -> name.startsWith("db.client.")).meters()).isEmpty();
			assertThat(off.getBeanNamesForType(SemconvPoolMetrics.class)).isEmpty();
		}
	}

	@Test
	void absentWhereSpringBootDoesNotBindHikariCpsPoolMetrics(EmbeddedPostgresServer server) {
		TestDatabase plain = server.createDatabaseWithOwner("nohikarimetrics");
		try (ConfigurableApplicationContext off = application(plain)
			.properties("spring.autoconfigure.exclude=" + SpringBootLine.DATA_SOURCE_POOL_METRICS_AUTO_CONFIGURATION)
			.run()) {
			assertThat(off.containsBean("hikariDataSourceMeterBinder")).isFalse();
			assertThat(off.getBeanNamesForType(SemconvPoolMetrics.class)).hasSize(1);
			new JdbcTemplate(off.getBean(DataSource.class)).queryForObject("SELECT 1", Integer.class);
			MeterRegistry registry = off.getBean(MeterRegistry.class);
			assertThat(registry.get("connmgmt.pool.connections.opened").tag("pool", "orders").functionCounter().count())
				.isPositive();
			assertThat(Search.in(registry).name((name) -> name.startsWith("hikaricp.")).meters()).isEmpty();
			assertThat(Search.in(registry).name((name) -> name.startsWith("db.client.")).meters()).isEmpty();
		}
	}

	/**
	 * Borrow a connection, trying again while the pool opens one slower than its
	 * connection timeout (a loaded machine): HikariCP keeps the connection it was opening.
	 */
	private static Connection borrow() {
		return await().atMost(Duration.ofSeconds(10))
			.ignoreExceptionsInstanceOf(SQLException.class)
			.until(dataSource::getConnection, Objects::nonNull);
	}

	private static void assertSameMeasurements(String semconv, String hikari) {
		FunctionTimer ours = meters.get(semconv).tag(POOL_NAME, "orders").functionTimer();
		Timer theirs = meters.get(hikari).tag("pool", "orders").timer();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(ours.count()).as(semconv).isPositive().isEqualTo(theirs.count());
			assertThat(ours.totalTime(TimeUnit.NANOSECONDS)).as(semconv)
				.isCloseTo(theirs.totalTime(TimeUnit.NANOSECONDS), within(1.0));
		});
	}

	private static double gauge(String name, String state) {
		Search search = meters.find(name).tag(POOL_NAME, "orders");
		return ((state != null) ? search.tag("db.client.connection.state", state) : search).gauge().value();
	}

	private static SpringApplicationBuilder application(TestDatabase database) {
		return new SpringApplicationBuilder(SemconvTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(database.connmgmtPool("orders"))
			.properties("connmgmt.pools.orders.minimum-idle=1", "connmgmt.pools.orders.maximum-pool-size=2",
					"connmgmt.pools.orders.connection-timeout=250ms", "connmgmt.pools.orders.validation-timeout=250ms",
					"connmgmt.pools.orders.timeouts.request=1s");
	}

	@SpringBootConfiguration
	@ImportJdbcAutoConfiguration
	@ImportMetricsAutoConfiguration
	@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
			ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
			ConnmgmtTracingAutoConfiguration.class })
	static class SemconvTestApplication {

	}

}
