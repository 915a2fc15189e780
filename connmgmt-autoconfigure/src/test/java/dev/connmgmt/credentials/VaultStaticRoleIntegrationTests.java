package dev.connmgmt.credentials;

import java.time.Duration;

import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A static role: one database user whose password Vault's engine changes every rotation
 * period. The pool reads the new password as each period ends and serves every request
 * across the changes.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultStaticRoleIntegrationTests {

	@Test
	void passwordsRotatedByTheEngineFailNoRequest(EmbeddedPostgresServer postgres) throws Exception {
		try (VaultFixture fixture = VaultFixture.start(postgres)) {
			TestRole user = postgres.createRole("reporting");
			fixture.admin.execute("GRANT CONNECT ON DATABASE " + fixture.database.name() + " TO " + user.name());
			fixture.admin.execute("GRANT SELECT ON orders TO " + user.name());
			fixture.vault.staticRole("database", "orders-app", fixture.database.name(), user.name(),
					Duration.ofSeconds(5));
			try (ConfigurableApplicationContext context = fixture.application("orders")
				.properties("connmgmt.pools.orders.credentials.vault.static-role=true")
				.run(); QueryLoad load = new QueryLoad(context.getBean(JdbcTemplate.class), 4)) {
				CredentialSource source = context.getBean(ManagedDataSource.class)
					.getCredentialSource();
				String first = source.current().password();
				assertThat(source.current().username()).isEqualTo(user.name());
				await().atMost(Duration.ofSeconds(20)).until(() -> source.current().generation() >= 3);
				assertThat(source.current().password()).isNotEqualTo(first);
				assertThat(source.current().username()).isEqualTo(user.name());
				load.awaitMore(200);
				assertThat(load.failed()).hasValue(0);
				// the database accepts only the current password
				assertThat(new JdbcTemplate(postgres.dataSource(fixture.database.name(), user.name(),
						source.current().password())).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
			}
		}
	}

}
