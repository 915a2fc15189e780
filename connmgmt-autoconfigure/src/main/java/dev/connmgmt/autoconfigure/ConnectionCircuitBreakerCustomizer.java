package dev.connmgmt.autoconfigure;

import dev.connmgmt.failure.SqlFailures;
import dev.connmgmt.internal.resilience.ConnectionResilienceDefaults;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import io.github.resilience4j.common.circuitbreaker.configuration.CommonCircuitBreakerConfigurationProperties;
import io.github.resilience4j.common.circuitbreaker.configuration.CommonCircuitBreakerConfigurationProperties.InstanceProperties;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Shapes a pool's circuit breaker in Resilience4j's own registry: connmgmt's
 * connection-appropriate settings for whatever the application left unset under
 * {@code resilience4j.circuitbreaker}, and the shared SQL failure
 * classification (unless the application chose which exceptions count itself): only
 * failures that say something about the database's health count, a constraint violation or
 * refused credentials never do.
 *
 * @since 0.1.0
 */
class ConnectionCircuitBreakerCustomizer implements CircuitBreakerConfigCustomizer {

	private final String name;

	private final SqlFailures failures;

	private final ObjectProvider<CommonCircuitBreakerConfigurationProperties> properties;

	/**
	 * Create a customizer.
	 * @param name the breaker's name
	 * @param failures the shared classification
	 * @param properties the application's Resilience4j breaker properties
	 */
	public ConnectionCircuitBreakerCustomizer(String name, SqlFailures failures,
			ObjectProvider<CommonCircuitBreakerConfigurationProperties> properties) {
		this.name = name;
		this.failures = failures;
		this.properties = properties;
	}

	@Override
	public void customize(CircuitBreakerConfig.Builder builder) {
		CommonCircuitBreakerConfigurationProperties configured = this.properties.getIfAvailable();
		InstanceProperties instance = (configured != null)
				? configured.findCircuitBreakerProperties(this.name).orElse(null) : null;
		ConnectionResilienceDefaults.applyTo(builder, instance);
		if (instance == null || (instance.getRecordExceptions() == null && instance.getIgnoreExceptions() == null
				&& instance.getRecordFailurePredicate() == null && instance.getIgnoreExceptionPredicate() == null)) {
			builder.recordException((failure) -> this.failures.classify(failure).isBreakerFailure())
				.ignoreException((failure) -> !this.failures.classify(failure).isBreakerFailure());
		}
	}

	@Override
	public String name() {
		return this.name;
	}

}
