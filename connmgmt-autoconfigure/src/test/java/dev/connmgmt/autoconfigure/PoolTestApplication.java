package dev.connmgmt.autoconfigure;

import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;

/**
 * The smallest application using connmgmt the way a user's does: its pools, Spring Boot's
 * DataSource and JdbcTemplate auto-configuration, Resilience4j's registries, nothing else.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
		ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
		ConnmgmtTracingAutoConfiguration.class, DataSourceAutoConfiguration.class,
		JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
		CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class, TimeLimiterAutoConfiguration.class })
public class PoolTestApplication {

}
