package dev.connmgmt.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.resilience.ConnmgmtTransactions;
import dev.connmgmt.resilience.PoolTransactions;
import dev.connmgmt.resilience.StatementCanceller;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the {@link PoolTransactions} of every pool from its settings: its retry from
 * Resilience4j's registry (none when the pool's resilience is off) and its request limit.
 */
final class PoolTransactionsFactory {

	private PoolTransactionsFactory() {
	}

	static ConnmgmtTransactions create(List<ManagedDataSource> pools, RetryRegistry retries,
			StatementCanceller canceller, Map<String, PoolProperties> settings) {
		Map<String, PoolTransactions> transactions = new LinkedHashMap<>();
		for (ManagedDataSource pool : pools) {
			String name = pool.getName();
			PoolProperties properties = settings.getOrDefault(name, new PoolProperties());
			ResilienceProperties resilience = properties.getResilience();
			Retry retry = resilience.isEnabled() ? retries.retry(resilience.retryName(name))
					: Retry.of(name, RetryConfig.custom().maxAttempts(1).build());
			TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(pool));
			transactions.put(name, new PoolTransactions(name, pool, template, retry,
					properties.getTimeouts().getRequest(), canceller));
		}
		return new ConnmgmtTransactions(transactions);
	}

}
