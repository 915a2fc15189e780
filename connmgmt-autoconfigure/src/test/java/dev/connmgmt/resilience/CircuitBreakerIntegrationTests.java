package dev.connmgmt.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.PoolUnavailableException;
import dev.connmgmt.test.fault.TcpProxy;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The circuit breaker on acquisition against a real database that is stopped, restarted and
 * hung under load.
 */
class CircuitBreakerIntegrationTests {

	private static EmbeddedPostgresServer server;

	private static TestDatabase database;

	@BeforeAll
	static void startOwnServer() {
		server = EmbeddedPostgresServer.start();
		database = server.createDatabaseWithOwner("breaker");
	}

	@AfterAll
	static void stopOwnServer() {
		server.close();
	}

	@Test
	void healthyBorrowsReachTheBreakersWindow() {
		try (ConfigurableApplicationContext context = start(server.port(),
				"resilience4j.circuitbreaker.instances.breaker.sliding-window-type=TIME_BASED",
				"resilience4j.circuitbreaker.instances.breaker.sliding-window-size=60")) {
			CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("breaker");
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			for (int i = 0; i < 50; i++) {
				jdbc.queryForObject("SELECT 1", Integer.class);
			}
			// counted quietly by the pool, handed to the breaker within a second
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls())
					.isGreaterThanOrEqualTo(50));
			assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		}
	}

	@Test
	void stoppedDatabaseOpensTheBreakerRejectsFastAndRecoversAfterRestart() throws Exception {
		try (ConfigurableApplicationContext context = start(server.port(),
				"resilience4j.circuitbreaker.instances.breaker.wait-duration-in-open-state=2s");
				Load load = new Load(context.getBean(JdbcTemplate.class), 4)) {
			CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("breaker");
			await().atMost(Duration.ofSeconds(5)).until(() -> load.successes() > 20);
			server.stop();
			try {
				await().atMost(Duration.ofSeconds(20)).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
				List<Long> rejections = new ArrayList<>();
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				for (int i = 0; i < 200; i++) {
					long started = System.nanoTime();
					try {
						jdbc.queryForObject("SELECT 1", Integer.class);
					}
					catch (CannotGetJdbcConnectionException ex) {
						if (ex.getCause() instanceof PoolUnavailableException unavailable) {
							assertThat(unavailable.getPoolName()).isEqualTo("breaker");
							assertThat(unavailable.getMessage()).contains("circuit breaker 'breaker' is OPEN");
							rejections.add(System.nanoTime() - started);
						}
					}
					if (breaker.getState() != CircuitBreaker.State.OPEN) {
						break;
					}
				}
				assertThat(rejections).hasSizeGreaterThan(50);
				assertThat(percentile(rejections, 0.99)).isLessThan(Duration.ofMillis(50).toNanos());
			}
			finally {
				server.restart();
			}
			long restarted = System.nanoTime();
			await().atMost(Duration.ofSeconds(10)).until(() -> breaker.getState() == CircuitBreaker.State.CLOSED);
			assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(Duration.ofSeconds(3));
			long before = load.successes();
			await().atMost(Duration.ofSeconds(5)).until(() -> load.successes() > before + 20);
			load.stop();
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			assertThat(pool.getHikariDataSource().getHikariPoolMXBean().getThreadsAwaitingConnection()).isZero();
		}
	}

	@Test
	void hungDatabaseBlocksNoCallerLongerThanItsLimits() throws Exception {
		try (TcpProxy proxy = TcpProxy.to(server.host(), server.port());
				ConfigurableApplicationContext context = start(proxy.port(),
						"connmgmt.pools.breaker.timeouts.connect=1s", "connmgmt.pools.breaker.timeouts.socket=2s");
				Load load = new Load(context.getBean(JdbcTemplate.class), 4)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> load.successes() > 20);
			proxy.blackhole();
			await().atMost(Duration.ofSeconds(20)).until(() -> load.failures() >= 8);
			load.stop();
			Duration longest = Duration.ofNanos(load.longestCall());
			assertThat(load.failures()).isPositive();
			assertThat(longest).isLessThan(Duration.ofMillis(1_000 + 2_000 + 1_000));
		}
	}

	private static long percentile(List<Long> values, double percentile) {
		List<Long> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(percentile * sorted.size()) - 1));
	}

	private static ConfigurableApplicationContext start(int port, String... extra) {
		List<String> properties = new ArrayList<>(List.of(
				"connmgmt.pools.breaker.url=jdbc:postgresql://localhost:" + port + "/" + database.name(),
				"connmgmt.pools.breaker.username=" + database.owner().name(),
				"connmgmt.pools.breaker.password=" + database.owner().password(),
				"connmgmt.pools.breaker.maximum-pool-size=4", "connmgmt.pools.breaker.minimum-idle=2",
				"connmgmt.pools.breaker.connection-timeout=1s", "connmgmt.pools.breaker.validation-timeout=500ms"));
		properties.addAll(List.of(extra));
		return new SpringApplicationBuilder(PoolTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	/**
	 * Threads querying in a loop, recording outcomes and the longest call.
	 */
	static final class Load implements AutoCloseable {

		private final ExecutorService executor;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final ConcurrentLinkedQueue<Long> successes = new ConcurrentLinkedQueue<>();

		private final ConcurrentLinkedQueue<Long> failures = new ConcurrentLinkedQueue<>();

		Load(JdbcTemplate jdbc, int threads) {
			this.executor = Executors.newFixedThreadPool(threads);
			for (int i = 0; i < threads; i++) {
				this.executor.execute(() -> {
					while (this.running.get()) {
						long started = System.nanoTime();
						try {
							jdbc.queryForObject("SELECT 1", Integer.class);
							this.successes.add(System.nanoTime() - started);
						}
						catch (RuntimeException ex) {
							this.failures.add(System.nanoTime() - started);
						}
						sleep(5);
					}
				});
			}
		}

		long successes() {
			return this.successes.size();
		}

		long failures() {
			return this.failures.size();
		}

		long longestCall() {
			long longest = 0;
			for (Long nanos : this.successes) {
				longest = Math.max(longest, nanos);
			}
			for (Long nanos : this.failures) {
				longest = Math.max(longest, nanos);
			}
			return longest;
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.executor.shutdown();
			assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).as("load threads ended").isTrue();
		}

		@Override
		public void close() throws InterruptedException {
			if (this.running.get()) {
				stop();
			}
		}

		private static void sleep(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
