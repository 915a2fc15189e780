package dev.connmgmt.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.internal.observability.ConnectionMetrics;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Idempotent work is retried with a fresh transaction per attempt, other work never; a
 * request limit ends work on time and leaves nothing running on the server.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PoolTransactionsIntegrationTests {

	private static EmbeddedPostgresServer server;

	private static TestDatabase database;

	private static ConfigurableApplicationContext context;

	private static JdbcTemplate jdbc;

	private static PoolTransactions work;

	private static final MeterRegistry meters = new SimpleMeterRegistry();

	@BeforeAll
	static void start(EmbeddedPostgresServer embedded) {
		server = embedded;
		database = server.createDatabaseWithOwner("work");
		context = new SpringApplicationBuilder(PoolTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("connmgmt.pools.work.url=" + database.jdbcUrl(),
					"connmgmt.pools.work.username=" + database.owner().name(),
					"connmgmt.pools.work.password=" + database.owner().password(),
					"connmgmt.pools.work.maximum-pool-size=8", "connmgmt.pools.work.minimum-idle=2",
					"connmgmt.pools.work.connection-timeout=500ms", "connmgmt.pools.work.validation-timeout=250ms",
					"connmgmt.pools.work.timeouts.request=1s")
			.run();
		jdbc = context.getBean(JdbcTemplate.class);
		work = context.getBean(ConnmgmtTransactions.class).pool("work");
		context.getBean(ConnectionMetrics.class).bindTo(meters);
		jdbc.execute("CREATE TABLE IF NOT EXISTS ledger (id int PRIMARY KEY, note text)");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void emptyLedger() {
		jdbc.update("DELETE FROM ledger");
	}

	@ParameterizedTest(name = "SQLState {0}")
	@ValueSource(strings = { "40001", "40P01" })
	void transientFailureIsRetriedOnceWithAFreshTransaction(String state) {
		AtomicInteger attempts = new AtomicInteger();
		long retriedBefore = work.getRetry().getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt();
		Integer result = work.idempotent((status) -> {
			jdbc.update("INSERT INTO ledger VALUES (1, ?)", "attempt " + attempts.incrementAndGet());
			if (attempts.get() == 1) {
				raise(state);
			}
			return attempts.get();
		});
		assertThat(result).isEqualTo(2);
		assertThat(jdbc.queryForList("SELECT note FROM ledger", String.class)).containsExactly("attempt 2");
		assertThat(work.getRetry().getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt())
			.isEqualTo(retriedBefore + 1);
		assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void uniqueViolationIsNeitherRetriedNorABreakerFailure() {
		jdbc.update("INSERT INTO ledger VALUES (7, 'existing')");
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> work.idempotent((status) -> {
			attempts.incrementAndGet();
			return jdbc.update("INSERT INTO ledger VALUES (7, 'duplicate')");
		}));
		assertThat(attempts).hasValue(1);
		assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void workThatIsNotIdempotentIsNeverRetried() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> work.once((status) -> {
			attempts.incrementAndGet();
			jdbc.update("INSERT INTO ledger VALUES (2, 'once')");
			raise("40001");
			return null;
		}));
		assertThat(attempts).hasValue(1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger", Integer.class)).isZero();
	}

	@Test
	void workInsideAnOuterTransactionRunsOnceInIt() {
		TransactionTemplate outer = new TransactionTemplate(
				new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource()));
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> outer.executeWithoutResult((status) -> work
			.idempotent((inner) -> {
				attempts.incrementAndGet();
				raise("40001");
				return null;
			})));
		assertThat(attempts).hasValue(1);
	}

	@Test
	void requestLimitCancelsTheStatementAndLeavesNothingRunning() throws Exception {
		int threadsBefore = Thread.activeCount();
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<Future<Duration>> calls = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				calls.add(callers.submit(() -> {
					long started = System.nanoTime();
					assertThatExceptionOfType(RequestTimeoutException.class)
						.isThrownBy(() -> work.idempotent((status) -> jdbc.queryForObject("SELECT pg_sleep(10)", String.class)))
						.satisfies((ex) -> assertThat(ex.getPoolName()).isEqualTo("work"));
					return Duration.ofNanos(System.nanoTime() - started);
				}));
			}
			for (Future<Duration> call : calls) {
				assertThat(call.get()).isBetween(Duration.ofMillis(950), Duration.ofMillis(2_000));
			}
		}
		finally {
			callers.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(server.backendsOf(database.owner().name()))
				.noneSatisfy((backend) -> assertThat(backend.state()).isEqualTo("active")));
		assertThat(server.backendsOf(database.owner().name())).hasSizeLessThanOrEqualTo(8);
		assertThat(meters.get("connmgmt.pool.connections.retired").tags("pool", "work", "reason", "cancelled")
			.counter()
			.count()).isGreaterThanOrEqualTo(200);
		await().atMost(Duration.ofSeconds(5)).until(() -> Thread.activeCount() <= threadsBefore + 2);
		assertThat(jdbc.queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
	}

	@Test
	void asynchronousWorkRunsOnThePoolsExecutorUnderItsTimeLimiter() throws Exception {
		assertThat(context.getBean(TimeLimiterRegistry.class).find("work")).containsSame(work.getTimeLimiter());
		assertThat(work.getTimeLimiter().getTimeLimiterConfig().getTimeoutDuration()).isEqualTo(Duration.ofSeconds(1));
		CompletableFuture<String> thread = work
			.idempotentAsync((status) -> Thread.currentThread().getName() + ":" + jdbc.queryForObject("SELECT 1", Integer.class));
		assertThat(thread.get(5, TimeUnit.SECONDS)).startsWith("connmgmt-work-work-").endsWith(":1");
	}

	@Test
	void asynchronousWorkPastItsTimeLimitFailsAndLeavesNothingRunning() {
		long started = System.nanoTime();
		CompletableFuture<String> sleeping = work
			.idempotentAsync((status) -> jdbc.queryForObject("SELECT pg_sleep(10)", String.class));
		// the stage's deadline and the work's own request limit end at the same moment: either may win
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> sleeping.get(5, TimeUnit.SECONDS))
			.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOfAny(TimeoutException.class,
					RequestTimeoutException.class));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(950),
				Duration.ofMillis(2_000));
		await().atMost(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(server.backendsOf(database.owner().name()))
				.noneSatisfy((backend) -> assertThat(backend.state()).isEqualTo("active")));
	}

	@Test
	void unknownPoolIsAClearError() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> context.getBean(ConnmgmtTransactions.class).pool("missing"))
			.withMessage("No connmgmt pool is named 'missing'; the pools are [work]");
	}

	private static CircuitBreaker breaker() {
		return context.getBean(CircuitBreakerRegistry.class).circuitBreaker("work");
	}

	private static void raise(String state) {
		jdbc.execute("DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = '" + state + "'; END $$");
	}

}
