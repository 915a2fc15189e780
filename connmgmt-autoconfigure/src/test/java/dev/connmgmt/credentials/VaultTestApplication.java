package dev.connmgmt.credentials;

import dev.connmgmt.autoconfigure.ConnmgmtAutoConfiguration;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.cloud.vault.config.VaultAutoConfiguration;

/**
 * An application whose pools take their credentials from Vault through Spring Cloud
 * Vault's client, configured under {@code spring.cloud.vault.*} as a user's is.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({ VaultAutoConfiguration.class, ConnmgmtAutoConfiguration.class,
		DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
		DataSourceTransactionManagerAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
		RetryAutoConfiguration.class, TimeLimiterAutoConfiguration.class })
public class VaultTestApplication {

}
