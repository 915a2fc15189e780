package dev.connmgmt.autoconfigure;

import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import dev.connmgmt.testing.AutoConfigurationsOf;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * connmgmt-starter does not bring Spring Cloud Vault: a pool that reads its credentials from
 * Vault in an application without it stops startup, naming the property and the dependency
 * to add. Nothing here needs a database, because the pool is refused before it connects.
 */
class VaultNotOnClasspathTests {

	private static final String SOURCE = "connmgmt.pools.orders.credentials.source";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnmgmtAutoConfiguration.class,
				ConnmgmtResilienceAutoConfiguration.class, ConnmgmtVaultAutoConfiguration.class,
				ConnmgmtMetricsAutoConfiguration.class, ConnmgmtTracingAutoConfiguration.class))
		.withConfiguration(AutoConfigurationsOf.of(ImportJdbcAutoConfiguration.class))
		.withPropertyValues("connmgmt.pools.orders.url=jdbc:postgresql://localhost:5432/orders", SOURCE + "=vault",
				"connmgmt.pools.orders.credentials.vault.role=orders-app");

	@Test
	void withoutSpringVaultAVaultPoolStopsStartupNamingTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.vault", "org.springframework.cloud"))
			.run((context) -> assertMissingDependency(context.getStartupFailure()));
	}

	@Test
	void withSpringVaultButNotSpringCloudVaultALazyVaultPoolStopsStartupNamingTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.cloud"))
			.withPropertyValues("connmgmt.pools.orders.lazy=true")
			.run((context) -> assertMissingDependency(context.getStartupFailure()));
	}

	private static void assertMissingDependency(Throwable failure) {
		assertThat(failure).as("startup failure").isNotNull();
		assertThat(failure).rootCause().isInstanceOfSatisfying(InvalidPoolConfigurationException.class, (ex) -> {
			assertThat(ex.getProperty()).isEqualTo(SOURCE);
			assertThat(ex.getProblem()).contains(SOURCE + "=vault").contains("Spring Cloud Vault is not on the classpath");
			assertThat(ex.getAction())
				.contains("org.springframework.cloud:spring-cloud-starter-vault-config")
				.contains(SOURCE + "=static")
				.doesNotContain("connmgmt-starter brings");
		});
	}

}
