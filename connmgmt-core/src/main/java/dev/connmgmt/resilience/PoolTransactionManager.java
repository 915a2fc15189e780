package dev.connmgmt.resilience;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transaction manager of one pool's units of work, which also tells whether the calling
 * thread already runs a transaction on that pool.
 */
final class PoolTransactionManager extends DataSourceTransactionManager {

	private static final long serialVersionUID = 1L;

	PoolTransactionManager(DataSource dataSource) {
		super(dataSource);
	}

	/**
	 * Return whether a transaction on this pool's data source is in progress on this thread:
	 * one this kind of manager began, or another manager's (JPA's) that bound a connection of
	 * this data source. A connection bound merely for the length of a transaction on another
	 * data source is no transaction of this pool.
	 * @return whether new work must join the transaction in progress
	 */
	boolean isTransactionInProgress() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			return false;
		}
		Object resource = TransactionSynchronizationManager.getResource(obtainDataSource());
		if (!(resource instanceof ConnectionHolder holder)) {
			return false;
		}
		return !holder.isSynchronizedWithTransaction() || isExistingTransaction(doGetTransaction());
	}

}
