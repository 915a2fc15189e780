package dev.connmgmt.autoconfigure;

import dev.connmgmt.internal.pool.AcquisitionGuardFactory;
import dev.connmgmt.internal.resilience.CircuitBreakerAcquisitionGuard;
import dev.connmgmt.internal.resilience.StatementCanceller;
import dev.connmgmt.pool.ManagedPools;
import dev.connmgmt.resilience.ConnmgmtTransactions;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.circuitbreaker.configuration.CommonCircuitBreakerConfigurationProperties;
import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Resilience of connmgmt's pools on Resilience4j's registries: a circuit breaker guarding
 * acquisition, and {@link ConnmgmtTransactions} for retried, time-limited work.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConnmgmtAutoConfiguration.class,
		afterName = { "io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
				"io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration",
				"io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration",
				"io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
				"io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration",
				"io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration" })
@ConditionalOnClass({ CircuitBreakerRegistry.class, CommonCircuitBreakerConfigurationProperties.class,
		CommonRetryConfigurationProperties.class, TimeLimiterRegistry.class })
@ConditionalOnBean(ManagedPools.class)
public class ConnmgmtResilienceAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(CircuitBreakerRegistry.class)
	AcquisitionGuardFactory connmgmtAcquisitionGuardFactory(CircuitBreakerRegistry registry) {
		return (pool, breaker) -> new CircuitBreakerAcquisitionGuard(pool, registry.circuitBreaker(breaker));
	}

	@Bean
	@ConditionalOnMissingBean
	StatementCanceller connmgmtStatementCanceller() {
		return new StatementCanceller();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RetryRegistry.class)
	ConnmgmtTransactions connmgmtTransactions(ManagedPools pools, RetryRegistry retries,
			ObjectProvider<TimeLimiterRegistry> timeLimiters, StatementCanceller canceller, PoolSettings settings) {
		return PoolTransactionsFactory.create(pools, retries, timeLimiters.getIfAvailable(), canceller, settings);
	}

}
