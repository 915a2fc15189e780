package dev.connmgmt.autoconfigure;

import dev.connmgmt.failure.SqlFailures;
import dev.connmgmt.pool.PoolDrainingException;
import dev.connmgmt.pool.PoolUnavailableException;
import dev.connmgmt.internal.resilience.ConnectionResilienceDefaults;
import dev.connmgmt.resilience.RequestTimeoutException;
import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties;
import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties.InstanceProperties;
import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;
import io.github.resilience4j.retry.RetryConfig;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Shapes the retry of a pool's idempotent work in Resilience4j's own registry: connmgmt's
 * settings (few attempts, exponential backoff with jitter) for whatever the application left
 * unset under {@code resilience4j.retry}, and, unless the application
 * chose itself, retries of transient failures only, never while the pool's breaker is open,
 * once it drains for shutdown, or after the request limit passed (an aborted connection's
 * I/O error looks transient, but no attempt could start).
 *
 * @since 0.1.0
 */
public class IdempotentRetryCustomizer implements RetryConfigCustomizer {

	private final String name;

	private final SqlFailures failures;

	private final ObjectProvider<CommonRetryConfigurationProperties> properties;

	/**
	 * Create a customizer.
	 * @param name the retry's name
	 * @param failures the shared classification
	 * @param properties the application's Resilience4j retry properties
	 */
	public IdempotentRetryCustomizer(String name, SqlFailures failures,
			ObjectProvider<CommonRetryConfigurationProperties> properties) {
		this.name = name;
		this.failures = failures;
		this.properties = properties;
	}

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void customize(RetryConfig.Builder builder) {
		CommonRetryConfigurationProperties configured = this.properties.getIfAvailable();
		InstanceProperties instance = null;
		if (configured != null) {
			instance = configured.getInstances().get(this.name);
			if (instance == null) {
				instance = configured.getConfigs().get("default");
			}
		}
		ConnectionResilienceDefaults.applyTo(builder, instance);
		if (instance == null || (instance.getRetryExceptions() == null && instance.getIgnoreExceptions() == null
				&& instance.getRetryExceptionPredicate() == null)) {
			builder.retryOnException((failure) -> isRetryable((Throwable) failure));
		}
	}

	boolean isRetryable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof PoolUnavailableException || cause instanceof PoolDrainingException
					|| cause instanceof RequestTimeoutException) {
				return false;
			}
		}
		return this.failures.classify(failure).isRetryable();
	}

	@Override
	public String name() {
		return this.name;
	}

}
