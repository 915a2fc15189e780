package dev.connmgmt.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Gives each setting a pool's user did not write a value consistent with the settings they
 * did write, so that a default never contradicts a written value: a validation timeout no
 * longer than the connection timeout, idle and keepalive times shorter than the maximum
 * lifetime, a connection timeout that fits in the request's limit, and so on. The checks
 * that follow then refuse only contradictions between written values.
 */
final class DerivedDefaults {

	private DerivedDefaults() {
	}

	/**
	 * Derive the unwritten settings of a pool, changing it in place.
	 * @param pool the pool's bound settings
	 * @param written whether the user wrote a setting, by its key under the pool
	 * @param budget the retry budget of the pool's settings as they stand, or {@code null}
	 * @return what was derived, in the order it was
	 */
	static List<Derived> derive(PoolProperties pool, Predicate<String> written,
			Function<PoolProperties, RetryBudget> budget) {
		List<Derived> derived = new ArrayList<>();
		deriveSizes(pool, written, derived);
		TlsPolicy.derive(pool, written, derived);
		deriveConnectionTimeout(pool, written, budget, derived);
		if (!written.test("validation-timeout") && pool.getValidationTimeout().compareTo(pool.getConnectionTimeout()) > 0
				&& pool.getConnectionTimeout().compareTo(PoolPropertiesValidator.MINIMUM_TIMEOUT) >= 0) {
			pool.setValidationTimeout(pool.getConnectionTimeout());
			derived.add(new Derived("validation-timeout", pool.getConnectionTimeout(),
					"at most connection-timeout = " + print(pool.getConnectionTimeout())));
		}
		deriveMaxLifetime(pool, written, derived);
		Duration maxLifetime = pool.getMaxLifetime();
		if (maxLifetime.isZero()) {
			return derived;
		}
		Duration half = maxLifetime.dividedBy(2);
		if (!written.test("idle-timeout") && PoolPropertiesValidator.isElastic(pool) && !pool.getIdleTimeout().isZero()
				&& pool.getIdleTimeout().compareTo(maxLifetime.minusSeconds(1)) >= 0) {
			pool.setIdleTimeout(half);
			derived.add(new Derived("idle-timeout", half, "half of max-lifetime = " + print(maxLifetime)));
		}
		if (!written.test("keepalive-time") && !pool.getKeepaliveTime().isZero()
				&& pool.getKeepaliveTime().compareTo(maxLifetime) >= 0) {
			boolean room = half.compareTo(PoolPropertiesValidator.MINIMUM_KEEPALIVE) >= 0;
			pool.setKeepaliveTime(room ? half : Duration.ZERO);
			derived.add(new Derived("keepalive-time", pool.getKeepaliveTime(), room
					? "half of max-lifetime = " + print(maxLifetime)
					: "off: max-lifetime = " + print(maxLifetime) + " replaces connections before HikariCP's shortest "
							+ "keepalive, " + print(PoolPropertiesValidator.MINIMUM_KEEPALIVE) + ", would run"));
		}
		return derived;
	}

	private static void deriveSizes(PoolProperties pool, Predicate<String> written, List<Derived> derived) {
		Integer minimumIdle = pool.getMinimumIdle();
		if (!written.test("maximum-pool-size") && minimumIdle != null && minimumIdle > pool.getMaximumPoolSize()) {
			pool.setMaximumPoolSize(minimumIdle);
			derived.add(new Derived("maximum-pool-size", minimumIdle, "at least minimum-idle = " + minimumIdle));
		}
		AutoscaleProperties autoscale = pool.getAutoscale();
		if (autoscale.isEnabled() && !written.test("autoscale.max") && autoscale.getMax() < pool.getMaximumPoolSize()) {
			autoscale.setMax(pool.getMaximumPoolSize());
			derived.add(new Derived("autoscale.max", pool.getMaximumPoolSize(),
					"at least maximum-pool-size = " + pool.getMaximumPoolSize() + ", the size the pool starts from"));
		}
		CredentialsProperties.Vault vault = pool.getCredentials().getVault();
		if (pool.getCredentials().getSource() == CredentialsProperties.Source.VAULT
				&& !written.test("credentials.vault.max-retry") && vault.getMaxRetry().compareTo(vault.getFirstRetry()) < 0) {
			vault.setMaxRetry(vault.getFirstRetry());
			derived.add(new Derived("credentials.vault.max-retry", vault.getFirstRetry(),
					"at least credentials.vault.first-retry = " + print(vault.getFirstRetry())));
		}
	}

	/**
	 * A connection timeout the user did not write fits in the request's limit (half of it,
	 * leaving the other half for the work), in the retries' share of it, and ends before a
	 * connection could be reported as leaked.
	 */
	private static void deriveConnectionTimeout(PoolProperties pool, Predicate<String> written,
			Function<PoolProperties, RetryBudget> budget, List<Derived> derived) {
		if (written.test("connection-timeout")) {
			return;
		}
		Duration current = pool.getConnectionTimeout();
		Duration value = current;
		String because = null;
		Duration request = pool.getTimeouts().getRequest();
		if (request != null && request.dividedBy(2).compareTo(value) < 0) {
			value = request.dividedBy(2);
			because = "half of timeouts.request = " + print(request);
		}
		Duration leak = pool.getLeakDetectionThreshold();
		if (!leak.isZero() && leak.dividedBy(2).compareTo(value) < 0) {
			value = leak.dividedBy(2);
			because = "half of leak-detection-threshold = " + print(leak);
		}
		RetryBudget retries = budget.apply(pool);
		if (request != null && retries != null && retries.total().compareTo(request) > 0) {
			Duration query = retries.perAttempt().minus(current);
			Duration fits = request.minus(retries.backoff()).dividedBy(retries.attempts()).minus(query);
			if (fits.compareTo(value) < 0) {
				value = fits;
				because = "so that " + retries.attempts() + " attempts, each with timeouts.query = " + print(query)
						+ ", and their backoff fit in timeouts.request = " + print(request);
			}
		}
		value = Duration.ofMillis(value.toMillis());
		if (because != null && value.compareTo(PoolPropertiesValidator.MINIMUM_TIMEOUT) >= 0) {
			pool.setConnectionTimeout(value);
			derived.add(new Derived("connection-timeout", value, because));
		}
	}

	/**
	 * A maximum lifetime the user did not write outlives the idle timeout, keepalive and
	 * leak detection they did write: twice the longest of them.
	 */
	private static void deriveMaxLifetime(PoolProperties pool, Predicate<String> written, List<Derived> derived) {
		Duration maxLifetime = pool.getMaxLifetime();
		if (written.test("max-lifetime") || maxLifetime.isZero()) {
			return;
		}
		Duration longest = Duration.ZERO;
		String which = null;
		if (written.test("idle-timeout") && PoolPropertiesValidator.isElastic(pool)
				&& pool.getIdleTimeout().plusSeconds(1).compareTo(longest) > 0) {
			longest = pool.getIdleTimeout().plusSeconds(1);
			which = "idle-timeout = " + print(pool.getIdleTimeout());
		}
		if (written.test("keepalive-time") && pool.getKeepaliveTime().compareTo(longest) > 0) {
			longest = pool.getKeepaliveTime();
			which = "keepalive-time = " + print(pool.getKeepaliveTime());
		}
		if (written.test("leak-detection-threshold") && pool.getLeakDetectionThreshold().compareTo(longest) > 0) {
			longest = pool.getLeakDetectionThreshold();
			which = "leak-detection-threshold = " + print(pool.getLeakDetectionThreshold());
		}
		if (which != null && longest.compareTo(maxLifetime) >= 0) {
			pool.setMaxLifetime(longest.multipliedBy(2));
			derived.add(new Derived("max-lifetime", pool.getMaxLifetime(), "twice " + which));
		}
	}

	private static String print(Duration duration) {
		return PoolPropertiesValidator.print(duration);
	}

	/**
	 * A setting the user did not write, the value derived for it, and why.
	 * @param key the setting's key under the pool, such as {@code validation-timeout}
	 * @param value the value derived
	 * @param because what the value was derived from
	 */
	record Derived(String key, Object value, String because) {

		/**
		 * Return the value as it would be written in {@code application.yml}.
		 */
		String printed() {
			if (this.value instanceof Duration duration) {
				return duration.isZero() ? "0" : print(duration);
			}
			return String.valueOf(this.value);
		}

		@Override
		public String toString() {
			return this.key + "=" + printed() + " (" + this.because + ")";
		}

	}

}
