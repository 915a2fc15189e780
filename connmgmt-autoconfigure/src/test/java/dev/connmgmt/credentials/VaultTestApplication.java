package dev.connmgmt.credentials;

import dev.connmgmt.autoconfigure.ConnectionsEndpointAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnectionsHealthAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtMetricsAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtResilienceAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtTracingAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtVaultAutoConfiguration;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.cloud.vault.config.VaultAutoConfiguration;

/**
 * An application whose pools take their credentials from Vault through Spring Cloud
 * Vault's client, configured under {@code spring.cloud.vault.*} as a user's is, with the
 * {@code connections} health and endpoint.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({ VaultAutoConfiguration.class, ConnmgmtAutoConfiguration.class,
		ConnmgmtResilienceAutoConfiguration.class, ConnmgmtVaultAutoConfiguration.class,
		ConnmgmtMetricsAutoConfiguration.class, ConnmgmtTracingAutoConfiguration.class,
		DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
		DataSourceTransactionManagerAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
		RetryAutoConfiguration.class, TimeLimiterAutoConfiguration.class, ConnectionsHealthAutoConfiguration.class,
		ConnectionsEndpointAutoConfiguration.class,
		HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
		EndpointAutoConfiguration.class })
public class VaultTestApplication {

}
