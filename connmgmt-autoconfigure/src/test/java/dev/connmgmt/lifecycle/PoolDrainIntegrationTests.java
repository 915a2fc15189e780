package dev.connmgmt.lifecycle;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutting down under load: work holding a connection when shutdown begins finishes, and
 * shutdown keeps to its deadline. Without draining, HikariCP's close aborts that work.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PoolDrainIntegrationTests {

	@Test
	void workInFlightWhenShutdownBeginsFinishes(EmbeddedPostgresServer server) throws Exception {
		Outcome outcome = shutDownUnderLoad(server, "connmgmt.drain.timeout=5s");
		assertThat(outcome.inFlightAtShutdown()).isNotEmpty();
		assertThat(outcome.inFlightAtShutdown()).allSatisfy((op) -> assertThat(op.failure()).isNull());
		assertThat(outcome.failures()).noneSatisfy((failure) -> assertThat(failure).contains("has been closed"));
		assertThat(outcome.shutdown()).isLessThan(Duration.ofSeconds(6));
	}

	@Test
	void withoutDrainingHikariAbortsWorkInFlight(EmbeddedPostgresServer server) throws Exception {
		Outcome outcome = shutDownUnderLoad(server, "connmgmt.drain.enabled=false");
		assertThat(outcome.inFlightAtShutdown()).anySatisfy((op) -> assertThat(op.failure()).isNotNull());
	}

	private Outcome shutDownUnderLoad(EmbeddedPostgresServer server, String drainSetting) throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("drain");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(PoolTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("connmgmt.pools.drain.url=" + database.jdbcUrl(),
					"connmgmt.pools.drain.username=" + database.owner().name(),
					"connmgmt.pools.drain.password=" + database.owner().password(),
					"connmgmt.pools.drain.maximum-pool-size=4", drainSetting)
			.run();
		DataSource pool = context.getBean(DataSource.class);
		ConcurrentLinkedQueue<Operation> operations = new ConcurrentLinkedQueue<>();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService load = Executors.newFixedThreadPool(4);
		for (int i = 0; i < 4; i++) {
			load.execute(() -> {
				while (running.get()) {
					long acquired = -1;
					try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
						acquired = System.nanoTime();
						statement.execute("SELECT pg_sleep(0.6)");
						operations.add(new Operation(acquired, System.nanoTime(), null));
					}
					catch (Exception ex) {
						operations.add(new Operation(acquired, System.nanoTime(), String.valueOf(ex.getMessage())));
						sleep();
					}
				}
			});
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> operations.size() >= 8);
		long shutdownBegan = System.nanoTime();
		context.close();
		Duration shutdown = Duration.ofNanos(System.nanoTime() - shutdownBegan);
		running.set(false);
		load.shutdown();
		assertThat(load.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		List<Operation> inFlight = operations.stream()
			.filter((op) -> op.acquired() > 0 && op.acquired() < shutdownBegan && op.ended() > shutdownBegan)
			.toList();
		List<String> failures = operations.stream().map(Operation::failure).filter((f) -> f != null).toList();
		return new Outcome(inFlight, failures, shutdown);
	}

	private static void sleep() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Operation(long acquired, long ended, String failure) {
	}

	record Outcome(List<Operation> inFlightAtShutdown, List<String> failures, Duration shutdown) {
	}

}
