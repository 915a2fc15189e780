package dev.connmgmt.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.ManagedPools;
import dev.connmgmt.resilience.ConnmgmtTransactions;
import dev.connmgmt.resilience.PoolTransactions;
import dev.connmgmt.internal.resilience.StatementCanceller;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

/**
 * Builds the {@link PoolTransactions} of every pool from its settings: its retry from
 * Resilience4j's registry (none when the pool's resilience is off) and its request limit.
 * Each works on the pool's bean as the application injects it, so that its transactions are
 * the ones the application's {@code JdbcTemplate} joins, even when another library wraps the
 * pool.
 */
final class PoolTransactionsFactory {

	private PoolTransactionsFactory() {
	}

	static ConnmgmtTransactions create(ManagedPools pools, RetryRegistry retries, TimeLimiterRegistry timeLimiters,
			StatementCanceller canceller, PoolSettings settings) {
		Map<String, PoolTransactions> transactions = new LinkedHashMap<>();
		for (Map.Entry<String, DataSource> bean : pools.beans().entrySet()) {
			ManagedDataSource pool = ManagedPools.unwrap(bean.getKey(), bean.getValue());
			String name = pool.getName();
			PoolProperties properties = settings.of(pool);
			ResilienceProperties resilience = properties.getResilience();
			Retry retry = resilience.isEnabled() ? retries.retry(resilience.retryName(name))
					: Retry.of(name, RetryConfig.custom().maxAttempts(1).build());
			Duration request = properties.getTimeouts().getRequest();
			TimeLimiter timeLimiter = timeLimiter(resilience.isEnabled() ? timeLimiters : null,
					resilience.timeLimiterName(name), request);
			transactions.put(name, new PoolTransactions(name, bean.getValue(), retry, request, canceller, timeLimiter,
					pool.getHikariDataSource().getMaximumPoolSize()));
		}
		return new ConnmgmtTransactions(transactions);
	}

	/**
	 * The time limiter configured under resilience4j.timelimiter.instances for this name,
	 * else one whose timeout is the pool's request limit, always cancelling the running
	 * future; none when the pool has no request limit, rather than Resilience4j's default
	 * timeout of one second, which nobody chose.
	 */
	private static TimeLimiter timeLimiter(TimeLimiterRegistry registry, String name, Duration request) {
		if (registry != null) {
			Optional<TimeLimiter> configured = registry.find(name);
			if (configured.isPresent()) {
				return configured.get();
			}
		}
		if (request == null) {
			return null;
		}
		TimeLimiterConfig defaults = (registry != null) ? registry.getDefaultConfig() : TimeLimiterConfig.ofDefaults();
		TimeLimiterConfig config = TimeLimiterConfig.from(defaults)
			.timeoutDuration(request)
			.cancelRunningFuture(true)
			.build();
		return (registry != null) ? registry.timeLimiter(name, config) : TimeLimiter.of(name, config);
	}

}
