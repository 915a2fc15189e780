package dev.connmgmt.resilience;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Idempotent work keeps succeeding while the server ends the role's sessions again and
 * again: each retry gets a live connection, never one the server already closed.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class BackendKillsIntegrationTests {

	@Test
	void idempotentWorkSurvivesEveryBackendBeingKilledTwiceASecond(EmbeddedPostgresServer server) throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("killed");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PoolTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(database.connmgmtPool("killed"))
			.properties("connmgmt.pools.killed.maximum-pool-size=4", "connmgmt.pools.killed.connection-timeout=5s",
					"connmgmt.pools.killed.validation-timeout=1s")
			.run()) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("CREATE TABLE events (id bigint PRIMARY KEY, note text)");
			PoolTransactions work = context.getBean(ConnmgmtTransactions.class).pool("killed");
			AtomicLong ids = new AtomicLong();
			AtomicLong served = new AtomicLong();
			Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService callers = Executors.newFixedThreadPool(6);
			for (int i = 0; i < 6; i++) {
				callers.execute(() -> {
					while (running.get()) {
						long id = ids.incrementAndGet();
						try {
							work.idempotent((status) -> jdbc.update(
									"INSERT INTO events (id, note) VALUES (?, 'kept') ON CONFLICT (id) DO NOTHING", id));
							served.incrementAndGet();
						}
						catch (RuntimeException ex) {
							failures.add(ex);
						}
					}
				});
			}
			AtomicInteger killed = new AtomicInteger();
			AtomicInteger rounds = new AtomicInteger();
			ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
			killer.scheduleAtFixedRate(() -> {
				killed.addAndGet(server.terminateBackendsOf(database.owner().name()));
				rounds.incrementAndGet();
			}, 500, 500, TimeUnit.MILLISECONDS);
			// every backend of the role killed twice a second, for ten seconds
			await().atMost(Duration.ofSeconds(60)).until(() -> rounds.get() >= 20);
			killer.shutdown();
			assertThat(killer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
			running.set(false);
			callers.shutdown();
			assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
			System.out.printf("backends killed: %d sessions ended, %d requests served, %d failed%n", killed.get(),
					served.get(), failures.size());
			assertThat(killed.get()).isGreaterThan(20);
			assertThat(served.get()).isGreaterThan(100);
			assertThat(failures).isEmpty();
		}
	}

}
