package dev.connmgmt.resilience;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pool against a database that stops and comes back: callers learn a refused connect at
 * once instead of waiting out the connection timeout, a pool that is only busy still makes
 * its callers wait, and the first request after the database returns is served at once,
 * breaker included.
 */
class DatabaseOutageIntegrationTests {

	private static final Duration LONG_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration REFUSAL_BOUND = Duration.ofSeconds(3);

	private static final Duration RECOVERY_BOUND = Duration.ofMillis(1500);

	private static EmbeddedPostgresServer server;

	private static TestDatabase database;

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@BeforeAll
	static void startOwnServer() {
		server = EmbeddedPostgresServer.start();
		database = server.createDatabaseWithOwner("outage");
	}

	@AfterAll
	static void stopOwnServer() {
		server.close();
	}

	@AfterEach
	void stopCallers() throws InterruptedException {
		this.callers.shutdownNow();
		assertThat(this.callers.awaitTermination(20, TimeUnit.SECONDS)).as("callers ended").isTrue();
	}

	@Test
	void callersWaitingWhenTheDatabaseStopsFailAtTheFirstRefusedConnect() throws Exception {
		try (ConfigurableApplicationContext context = start("connmgmt.pools.outage.resilience.enabled=false")) {
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			HikariPoolMXBean state = pool.getHikariDataSource().getHikariPoolMXBean();
			List<Future<?>> holders = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				holders.add(this.callers.submit(() -> sleepInTheDatabase(pool)));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> state.getActiveConnections() == 2);
			List<CompletableFuture<Outcome>> waiters = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				waiters.add(borrow(pool));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> state.getThreadsAwaitingConnection() == 4);
			long stopped = System.nanoTime();
			server.stop();
			try {
				for (CompletableFuture<Outcome> waiter : waiters) {
					assertRefusedWithin(waiter.get(30, TimeUnit.SECONDS), stopped);
				}
				for (Future<?> holder : holders) {
					holder.get(30, TimeUnit.SECONDS);
				}
				long arrived = System.nanoTime();
				assertRefusedWithin(borrow(pool).get(30, TimeUnit.SECONDS), arrived);
			}
			finally {
				server.restart();
			}
		}
	}

	@Test
	void callersOfABusyPoolWaitForAConnectionToBeReturned() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			HikariPoolMXBean state = pool.getHikariDataSource().getHikariPoolMXBean();
			Connection first = pool.getConnection();
			try (Connection second = pool.getConnection()) {
				CompletableFuture<Outcome> waiter = borrow(pool);
				await().atMost(Duration.ofSeconds(10)).until(() -> state.getThreadsAwaitingConnection() == 1);
				await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> !waiter.isDone());
				first.close();
				Outcome outcome = waiter.get(5, TimeUnit.SECONDS);
				assertThat((Throwable) outcome.failure()).isNull();
				assertThat(outcome.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
			}
		}
	}

	@Test
	void firstRequestAfterTheDatabaseReturnsIsServedAtOnceWithTheBreakerOn() throws Exception {
		try (ConfigurableApplicationContext context = start("connmgmt.pools.outage.maximum-pool-size=4",
				"connmgmt.pools.outage.connection-timeout=1s");
				CircuitBreakerIntegrationTests.Load load = new CircuitBreakerIntegrationTests.Load(
						context.getBean(JdbcTemplate.class), 4)) {
			CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("outage");
			await().atMost(Duration.ofSeconds(10)).until(() -> load.successes() > 20);
			server.stop();
			long served;
			long restarted;
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
				long before = load.successes();
				// long enough for HikariCP's connection adder to back off for seconds between connects
				await().during(Duration.ofSeconds(4))
					.atMost(Duration.ofSeconds(6))
					.until(() -> load.successes() == before);
				served = load.successes();
			}
			finally {
				server.restart();
				restarted = System.nanoTime();
			}
			await().pollInterval(Duration.ofMillis(10))
				.atMost(Duration.ofSeconds(15))
				.until(() -> load.successes() > served);
			assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(RECOVERY_BOUND);
		}
	}

	private static void assertRefusedWithin(Outcome outcome, long sinceNanos) {
		assertThat((Throwable) outcome.failure()).as("caller refused").isNotNull();
		assertThat(Duration.ofNanos(outcome.endedNanos() - sinceNanos)).isLessThan(REFUSAL_BOUND);
		assertThat(outcome.failure().getSQLState()).startsWith("08");
		assertThat(outcome.failure().getMessage()).contains("'outage'");
	}

	private CompletableFuture<Outcome> borrow(ManagedDataSource pool) {
		return CompletableFuture.supplyAsync(() -> {
			long started = System.nanoTime();
			try (Connection connection = pool.getConnection()) {
				return new Outcome(null, System.nanoTime(), Duration.ofNanos(System.nanoTime() - started));
			}
			catch (SQLException ex) {
				return new Outcome(ex, System.nanoTime(), Duration.ofNanos(System.nanoTime() - started));
			}
		}, this.callers);
	}

	private static Void sleepInTheDatabase(ManagedDataSource pool) {
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_sleep(60)");
		}
		catch (SQLException ex) {
			// the server ended the session when it stopped
		}
		return null;
	}

	private static ConfigurableApplicationContext start(String... extra) {
		List<String> properties = new ArrayList<>(List.of(database.connmgmtPool("outage")));
		properties.addAll(List.of("connmgmt.pools.outage.maximum-pool-size=2",
				"connmgmt.pools.outage.connection-timeout=" + LONG_CONNECTION_TIMEOUT.toMillis() + "ms",
				"connmgmt.pools.outage.validation-timeout=1s"));
		properties.addAll(List.of(extra));
		return new SpringApplicationBuilder(PoolTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	/**
	 * How one borrow ended.
	 */
	private record Outcome(SQLException failure, long endedNanos, Duration took) {

	}

}
