package dev.connmgmt.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the autoscaler takes as evidence that a pool is too small, against the real
 * database: a pool of 4 (minimum-idle 4, as an application's inventory pool) with a
 * target-wait of 1 ms, which any login exceeds. The autoscaler's interval is an hour, so
 * that the test decides when it looks at the pool.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PoolAutoscalerEvidenceIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	/**
	 * Well within the connection timeout (30 s) and HikariCP's housekeeping period (30 s),
	 * which would otherwise be the first to add connections for threads already waiting.
	 */
	private static final Duration GROWTH_SERVES_WAITERS = Duration.ofSeconds(10);

	private ConfigurableApplicationContext context;

	private ManagedDataSource pool;

	private PoolAutoscaler autoscaler;

	private final ExecutorService borrowers = Executors.newCachedThreadPool();

	@BeforeEach
	void start(EmbeddedPostgresServer server) {
		TestDatabase database = server.createDatabaseWithOwner("inventory");
		this.context = new SpringApplicationBuilder(PoolTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("connmgmt.pools.inventory.url=" + database.jdbcUrl(),
					"connmgmt.pools.inventory.username=" + database.owner().name(),
					"connmgmt.pools.inventory.password=" + database.owner().password(),
					"connmgmt.pools.inventory.maximum-pool-size=4", "connmgmt.pools.inventory.autoscale.enabled=true",
					"connmgmt.pools.inventory.autoscale.max=12", "connmgmt.pools.inventory.autoscale.target-wait=1ms",
					"connmgmt.pools.inventory.autoscale.interval=1h")
			.run();
		this.pool = this.context.getBean(ManagedDataSource.class);
		this.autoscaler = this.context.getBean(PoolAutoscalers.class).getAutoscalers().get(0);
		await().atMost(TIMEOUT).until(() -> state().getTotalConnections() == 4);
	}

	@AfterEach
	void stop() {
		this.borrowers.shutdownNow();
		this.context.close();
	}

	@Test
	void startupAndItsFirstBorrowsDoNotGrowThePool() throws SQLException {
		for (int i = 0; i < 3; i++) {
			this.pool.getConnection().close();
		}
		this.autoscaler.tick();
		this.pool.getConnection().close();
		this.autoscaler.tick();
		assertThat(this.autoscaler.currentMaximum()).isEqualTo(4);
		assertThat(this.autoscaler.scaleUps()).isZero();
	}

	@Test
	void aFewSlowAcquisitionsWithNobodyWaitingAreTooFewToGrowThePool() throws Exception {
		this.autoscaler.tick();
		List<Connection> held = holdAll();
		List<Future<?>> waiters = waitFor(2);
		release(held);
		for (Future<?> waiter : waiters) {
			waiter.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		this.autoscaler.tick();
		assertThat(state().getThreadsAwaitingConnection()).isZero();
		assertThat(this.autoscaler.currentMaximum()).isEqualTo(4);
		assertThat(this.autoscaler.scaleUps()).isZero();
	}

	@Test
	void threadsWaitingForAFullPoolGrowIt() throws Exception {
		this.autoscaler.tick();
		List<Connection> held = holdAll();
		List<Future<?>> waiters = waitFor(3);
		this.autoscaler.tick();
		assertThat(this.autoscaler.currentMaximum()).isEqualTo(8);
		assertThat(this.autoscaler.scaleUps()).isOne();
		release(held);
		for (Future<?> waiter : waiters) {
			waiter.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
	}

	@Test
	void threadsAlreadyWaitingWhenThePoolGrowsGetItsNewConnections() throws Exception {
		this.autoscaler.tick();
		List<Connection> held = holdAll();
		try {
			List<Future<?>> waiters = waitFor(3);
			this.autoscaler.tick();
			assertThat(this.autoscaler.currentMaximum()).isEqualTo(8);
			// no connection is returned and no borrow comes after them: the growth alone must serve them
			for (Future<?> waiter : waiters) {
				waiter.get(GROWTH_SERVES_WAITERS.toSeconds(), TimeUnit.SECONDS);
			}
			assertThat(state().getTotalConnections()).as("connections held and added").isGreaterThan(4);
		}
		finally {
			release(held);
		}
	}

	@Test
	void enoughAcquisitionsWithSlowOnesAboveOnePercentGrowThePool() throws Exception {
		this.autoscaler.tick();
		for (int i = 0; i < 100; i++) {
			this.pool.getConnection().close();
		}
		List<Connection> held = holdAll();
		List<Future<?>> waiters = waitFor(4);
		release(held);
		for (Future<?> waiter : waiters) {
			waiter.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		assertThat(state().getThreadsAwaitingConnection()).isZero();
		this.autoscaler.tick();
		assertThat(this.autoscaler.currentMaximum()).isEqualTo(8);
		assertThat(this.autoscaler.scaleUps()).isOne();
	}

	private List<Connection> holdAll() throws SQLException {
		List<Connection> held = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			held.add(this.pool.getConnection());
		}
		return held;
	}

	/**
	 * Start borrowers that wait for a connection of the full pool, each returning it as soon
	 * as it gets it, and return once all of them wait.
	 */
	private List<Future<?>> waitFor(int count) {
		List<Future<?>> waiters = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			waiters.add(this.borrowers.submit(() -> {
				try (Connection connection = this.pool.getConnection()) {
					return connection.isValid(1);
				}
			}));
		}
		await().atMost(TIMEOUT).until(() -> state().getThreadsAwaitingConnection() == count);
		return waiters;
	}

	private static void release(List<Connection> held) throws SQLException {
		for (Connection connection : held) {
			connection.close();
		}
	}

	private HikariPoolMXBean state() {
		return this.pool.getHikariDataSource().getHikariPoolMXBean();
	}

}
