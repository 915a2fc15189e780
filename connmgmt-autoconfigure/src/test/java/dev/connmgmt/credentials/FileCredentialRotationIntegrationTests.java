package dev.connmgmt.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.internal.observability.ConnectionMetrics;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.test.postgres.TestRole;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Credentials from a mounted secret, swapped the way Kubernetes swaps them (an atomic
 * symbolic link), rotate the pool under load with no failed request: every connection of
 * the old role is retired and the old role can be dropped.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class FileCredentialRotationIntegrationTests {

	@Test
	void threeRotationsUnderLoadFailNoRequestAndRetireEveryOldConnection(EmbeddedPostgresServer server,
			@TempDir Path secret) throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("rotating");
		JdbcTemplate admin = new JdbcTemplate(
				server.dataSource(database.name(), server.superuser(), server.superuserPassword()));
		admin.execute("CREATE TABLE orders (id int PRIMARY KEY)");
		admin.execute("INSERT INTO orders SELECT generate_series(1, 100)");
		TestRole role = appRole(server, admin, database);
		mount(secret, role);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PoolTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("connmgmt.pools.rotating.url=" + database.jdbcUrl(),
					"connmgmt.pools.rotating.credentials.source=file",
					"connmgmt.pools.rotating.credentials.file.username-path=" + secret.resolve("username"),
					"connmgmt.pools.rotating.credentials.file.password-path=" + secret.resolve("password"),
					"connmgmt.pools.rotating.credentials.file.poll-interval=200ms",
					"connmgmt.pools.rotating.maximum-pool-size=6")
			.run()) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(ConnectionMetrics.class).bindTo(meters);
			AtomicLong served = new AtomicLong();
			AtomicLong failed = new AtomicLong();
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService load = Executors.newFixedThreadPool(8);
			for (int i = 0; i < 8; i++) {
				load.execute(() -> {
					while (running.get()) {
						try {
							jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class);
							served.incrementAndGet();
						}
						catch (RuntimeException ex) {
							failed.incrementAndGet();
						}
					}
				});
			}
			try {
				for (int rotation = 1; rotation <= 3; rotation++) {
					long servedBefore = served.get();
					await().atMost(Duration.ofSeconds(10)).until(() -> served.get() > servedBefore + 100);
					TestRole next = appRole(server, admin, database);
					mount(secret, next);
					String old = role.name();
					await().atMost(Duration.ofSeconds(15)).until(() -> server.backendsOf(old).isEmpty());
					admin.execute("DROP OWNED BY " + old);
					admin.execute("DROP ROLE " + old);
					role = next;
				}
				long before = served.get();
				await().atMost(Duration.ofSeconds(5)).until(() -> served.get() > before + 100);
			}
			finally {
				running.set(false);
				load.shutdown();
				assertThat(load.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
			}
			assertThat(failed).hasValue(0);
			assertThat(served.get()).isGreaterThan(500);
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			assertThat(pool.getCredentialSource().current().generation()).isEqualTo(4);
			assertThat(server.backendsOf(role.name())).isNotEmpty();
			assertThat(meters.get("connmgmt.pool.credentials.rotations").tags("pool", "rotating", "outcome", "success")
				.counter()
				.count()).isEqualTo(3);
			assertThat(meters.get("connmgmt.pool.connections.retired").tags("pool", "rotating", "reason", "rotation")
				.counter()
				.count()).isGreaterThanOrEqualTo(3);
		}
	}

	private static TestRole appRole(EmbeddedPostgresServer server, JdbcTemplate admin, TestDatabase database) {
		TestRole role = server.createRole("app");
		admin.execute("GRANT CONNECT ON DATABASE " + database.name() + " TO " + role.name());
		admin.execute("GRANT SELECT ON orders TO " + role.name());
		return role;
	}

	/**
	 * Write a secret the way the kubelet does: the files live in a fresh directory and the
	 * {@code ..data} link is swapped to it atomically, so a reader never sees half of it.
	 */
	private static void mount(Path secret, TestRole role) throws Exception {
		Path version = Files.createDirectory(secret.resolve("..version-" + UUID.randomUUID()));
		Files.writeString(version.resolve("username"), role.name());
		Files.writeString(version.resolve("password"), role.password());
		Path link = secret.resolve("..data_tmp");
		Files.createSymbolicLink(link, version.getFileName());
		Files.move(link, secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		for (String key : new String[] { "username", "password" }) {
			Path file = secret.resolve(key);
			if (!Files.isSymbolicLink(file)) {
				Files.createSymbolicLink(file, Path.of("..data", key));
			}
		}
	}

}
