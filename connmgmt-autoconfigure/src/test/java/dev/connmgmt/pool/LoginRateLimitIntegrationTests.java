package dev.connmgmt.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.failure.SqlFailureCategory;
import dev.connmgmt.failure.SqlFailures;
import dev.connmgmt.test.fault.TcpProxy;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool with a wrong password under load logs in a bounded number of times: the account
 * is never hammered into a lockout. Every login is a TCP connection through the proxy, so
 * the proxy counts them.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class LoginRateLimitIntegrationTests {

	@Test
	void refusedCredentialsAreTriedABoundedNumberOfTimesWhileCallersFailFast(EmbeddedPostgresServer server)
			throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("locked");
		try (TcpProxy proxy = TcpProxy.to(server.host(), server.port());
				ConfigurableApplicationContext context = new SpringApplicationBuilder(PoolTestApplication.class)
					.web(WebApplicationType.NONE)
					.logStartupInfo(false)
					.properties("connmgmt.pools.locked.url=jdbc:postgresql://localhost:" + proxy.port() + "/"
							+ database.name(), "connmgmt.pools.locked.username=" + database.owner().name(),
							"connmgmt.pools.locked.password=wrong", "connmgmt.pools.locked.lazy=true",
							"connmgmt.pools.locked.minimum-idle=2", "connmgmt.pools.locked.connection-timeout=1s",
							"connmgmt.pools.locked.validation-timeout=500ms")
					.run()) {
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
			ConcurrentLinkedQueue<Long> durations = new ConcurrentLinkedQueue<>();
			long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
			ExecutorService callers = Executors.newFixedThreadPool(8);
			for (int i = 0; i < 8; i++) {
				callers.execute(() -> {
					while (System.nanoTime() < end) {
						long started = System.nanoTime();
						try {
							pool.getConnection().close();
						}
						catch (Exception ex) {
							failures.add(ex);
						}
						durations.add(System.nanoTime() - started);
					}
				});
			}
			callers.shutdown();
			assertThat(callers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
			assertThat(failures).hasSizeGreaterThan(100)
				.allSatisfy((failure) -> assertThat(SqlFailures.defaults().classify(failure))
					.isEqualTo(SqlFailureCategory.AUTHENTICATION));
			// backoff 0.5s, 1s, 2s, 4s: at most a handful of logins in 6s, whatever the load
			assertThat(proxy.acceptedConnections()).isBetween(1, 6);
			List<Long> sorted = durations.stream().sorted().toList();
			assertThat(Duration.ofNanos(sorted.get((int) (sorted.size() * 0.99)))).isLessThan(Duration.ofMillis(200));
		}
	}

}
