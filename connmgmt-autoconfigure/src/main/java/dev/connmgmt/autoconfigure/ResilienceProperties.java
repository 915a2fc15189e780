package dev.connmgmt.autoconfigure;

/**
 * How a pool uses Resilience4j, under {@code connmgmt.pools.<name>.resilience}. The breaker
 * and the retry are configured where Resilience4j users configure them,
 * {@code resilience4j.circuitbreaker.instances.<name>} and
 * {@code resilience4j.retry.instances.<name>}; connmgmt supplies connection-appropriate
 * settings for those left unconfigured.
 *
 * @since 0.1.0
 */
public class ResilienceProperties {

	/**
	 * Whether connection acquisition goes through a circuit breaker and idempotent work is
	 * retried. Needs Resilience4j on the classpath.
	 */
	private boolean enabled = true;

	/**
	 * Name of the pool's circuit breaker in Resilience4j's registry. The pool's name by
	 * default.
	 */
	private String circuitBreaker;

	/**
	 * Name of the retry of the pool's idempotent work in Resilience4j's registry. The pool's
	 * name by default.
	 */
	private String retry;

	/**
	 * Name of the time limiter of the pool's asynchronous work in Resilience4j's registry.
	 * The pool's name by default; its timeout defaults to the pool's request limit.
	 */
	private String timeLimiter;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public void setCircuitBreaker(String circuitBreaker) {
		this.circuitBreaker = circuitBreaker;
	}

	public String getRetry() {
		return this.retry;
	}

	public void setRetry(String retry) {
		this.retry = retry;
	}

	public String getTimeLimiter() {
		return this.timeLimiter;
	}

	public void setTimeLimiter(String timeLimiter) {
		this.timeLimiter = timeLimiter;
	}

	String timeLimiterName(String pool) {
		return (this.timeLimiter != null && !this.timeLimiter.isBlank()) ? this.timeLimiter : pool;
	}

	String circuitBreakerName(String pool) {
		return (this.circuitBreaker != null && !this.circuitBreaker.isBlank()) ? this.circuitBreaker : pool;
	}

	String retryName(String pool) {
		return (this.retry != null && !this.retry.isBlank()) ? this.retry : pool;
	}

	ResilienceProperties copy() {
		ResilienceProperties copy = new ResilienceProperties();
		copy.enabled = this.enabled;
		copy.circuitBreaker = this.circuitBreaker;
		copy.retry = this.retry;
		copy.timeLimiter = this.timeLimiter;
		return copy;
	}

}
