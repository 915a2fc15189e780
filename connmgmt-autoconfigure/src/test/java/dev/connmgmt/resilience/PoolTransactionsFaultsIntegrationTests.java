package dev.connmgmt.resilience;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.internal.resilience.ConnectionResilienceDefaults;
import dev.connmgmt.test.fault.TcpProxy;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Units of work when the database misbehaves, on three pools: {@code live} with a request
 * limit, {@code hung} with a request limit behind a proxy that can black-hole it, and
 * {@code open} with none. A killed backend reaches the caller as itself; a hung database
 * delays neither its own callers past their limit nor another pool's; a transaction on one
 * pool leaves another pool's retry and limit alone.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PoolTransactionsFaultsIntegrationTests {

	private static EmbeddedPostgresServer server;

	private static TestDatabase database;

	private static TcpProxy proxy;

	private static ConfigurableApplicationContext context;

	private static ConnmgmtTransactions transactions;

	private static JdbcTemplate live;

	private static JdbcTemplate hung;

	private static JdbcTemplate open;

	private final ExecutorService callers = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "caller");
		thread.setDaemon(true);
		return thread;
	});

	@BeforeAll
	static void start(EmbeddedPostgresServer embedded) {
		server = embedded;
		database = server.createDatabaseWithOwner("faults");
		proxy = TcpProxy.to(server.host(), server.port());
		context = new SpringApplicationBuilder(PoolTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(database.connmgmtPool("live"))
			.properties(database.connmgmtPool("hung", proxy.port()))
			.properties(database.connmgmtPool("open"))
			.properties("connmgmt.pools.live.primary=true", "connmgmt.pools.live.maximum-pool-size=2",
					"connmgmt.pools.live.minimum-idle=2",
					"connmgmt.pools.live.connection-timeout=500ms", "connmgmt.pools.live.validation-timeout=250ms",
					"connmgmt.pools.live.timeouts.request=1s", "connmgmt.pools.hung.maximum-pool-size=2",
					"connmgmt.pools.hung.minimum-idle=1", "connmgmt.pools.hung.connection-timeout=400ms",
					"connmgmt.pools.hung.validation-timeout=250ms", "connmgmt.pools.hung.timeouts.request=500ms",
					"connmgmt.pools.open.maximum-pool-size=2")
			.run();
		transactions = context.getBean(ConnmgmtTransactions.class);
		live = new JdbcTemplate(context.getBean("liveDataSource", DataSource.class));
		hung = new JdbcTemplate(context.getBean("hungDataSource", DataSource.class));
		open = new JdbcTemplate(context.getBean("openDataSource", DataSource.class));
	}

	@AfterAll
	static void stop() {
		proxy.close();
		context.close();
	}

	@AfterEach
	void releaseCallers() {
		proxy.pass();
		this.callers.shutdownNow();
	}

	@Test
	void killedBackendReachesTheCallerAsItselfAfterEveryAttempt() {
		JdbcTemplate admin = new JdbcTemplate(server.superuserDataSource());
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> transactions.pool("open").idempotent((status) -> {
				attempts.incrementAndGet();
				int pid = open.queryForObject("SELECT pg_backend_pid()", Integer.class);
				admin.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, pid);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> admin.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE pid = ?",
							Integer.class, pid) == 0);
				return open.queryForObject("SELECT 1", Integer.class);
			}))
			.isNotInstanceOf(TransactionSystemException.class)
			.satisfies((ex) -> assertThat(ex.getMostSpecificCause()).isInstanceOfSatisfying(SQLException.class,
					(sql) -> assertThat(sql.getSQLState()).isEqualTo("57P01")));
		assertThat(attempts).hasValue(ConnectionResilienceDefaults.MAX_ATTEMPTS);
	}

	@Test
	void requestLimitEndsTheCallWhenTheCancelNeverLands() throws Exception {
		long started = System.nanoTime();
		Future<?> call = this.callers.submit(() -> assertThatExceptionOfType(RequestTimeoutException.class)
			.isThrownBy(() -> transactions.pool("hung").idempotent((status) -> {
				proxy.blackhole();
				return hung.queryForObject("SELECT 1", Integer.class);
			})));
		call.get(10, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(450),
				Duration.ofMillis(1_500));
	}

	@Test
	void requestLimitHoldsWhileAnotherPoolsCancelHangs() {
		int acceptedBefore = proxy.acceptedConnections();
		this.callers.submit(() -> transactions.pool("hung").idempotent((status) -> {
			proxy.blackhole();
			return hung.queryForObject("SELECT 1", Integer.class);
		}));
		await().atMost(Duration.ofSeconds(5)).until(() -> proxy.acceptedConnections() > acceptedBefore);
		long started = System.nanoTime();
		assertThatExceptionOfType(RequestTimeoutException.class).isThrownBy(() -> transactions.pool("live")
			.idempotent((status) -> live.queryForObject("SELECT pg_sleep(10)", String.class)));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(950),
				Duration.ofMillis(2_000));
	}

	@Test
	void asynchronousDeadlineCountsFromSubmission() throws Exception {
		HikariPoolMXBean connections = live.getDataSource().unwrap(HikariDataSource.class).getHikariPoolMXBean();
		await().atMost(Duration.ofSeconds(10)).until(() -> connections.getIdleConnections() == 2);
		PoolTransactions pool = transactions.pool("live");
		for (int i = 0; i < 2; i++) {
			pool.idempotentAsync((status) -> live.queryForObject("SELECT pg_sleep(0.8)::text", String.class));
		}
		CompletableFuture<String> queued = pool
			.idempotentAsync((status) -> live.queryForObject("SELECT pg_sleep(10)::text", String.class));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> queued.get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfAny(TimeoutException.class, RequestTimeoutException.class);
		await().atMost(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(server.backendsOf(database.owner().name()))
				.noneSatisfy((backend) -> assertThat(backend.state()).isEqualTo("active")));
	}

	@Test
	void asynchronousWorkWithoutARequestLimitHasNoTimeLimit() throws Exception {
		CompletableFuture<String> sleeping = transactions.pool("open")
			.idempotentAsync((status) -> open.queryForObject("SELECT pg_sleep(1.5)::text", String.class));
		assertThat(sleeping.get(5, TimeUnit.SECONDS)).isEmpty();
	}

	@Test
	void transactionOnAnotherPoolLeavesTheRetryOn() {
		TransactionTemplate onLive = new TransactionTemplate(new DataSourceTransactionManager(live.getDataSource()));
		AtomicInteger attempts = new AtomicInteger();
		Integer result = onLive.execute((outer) -> {
			live.queryForObject("SELECT 1", Integer.class);
			open.queryForObject("SELECT 1", Integer.class);
			return transactions.pool("open").idempotent((status) -> {
				if (attempts.incrementAndGet() == 1) {
					open.execute("DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = '40001'; END $$");
				}
				return attempts.get();
			});
		});
		assertThat(result).isEqualTo(2);
	}

	@Test
	void transactionOnAnotherPoolLeavesTheRequestLimitOn() {
		TransactionTemplate onOpen = new TransactionTemplate(new DataSourceTransactionManager(open.getDataSource()));
		long started = System.nanoTime();
		assertThatExceptionOfType(RequestTimeoutException.class).isThrownBy(() -> onOpen
			.executeWithoutResult((outer) -> transactions.pool("live")
				.idempotent((status) -> live.queryForObject("SELECT pg_sleep(10)", String.class))));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(950),
				Duration.ofMillis(2_000));
	}

}
