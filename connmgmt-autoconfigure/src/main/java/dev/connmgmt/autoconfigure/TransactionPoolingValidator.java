package dev.connmgmt.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.connmgmt.internal.pool.DriverTimeouts;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;

/**
 * Refuses settings that rely on session state when a pool connects through a
 * transaction-mode pooler: there, every transaction may run on another server session, so
 * what one session was told (init SQL, a default schema or isolation, a statement timeout
 * sent as a startup option, a server-side prepared statement) is lost or, worse, reaches
 * another client.
 */
final class TransactionPoolingValidator {

	private TransactionPoolingValidator() {
	}

	static void validate(String name, PoolProperties pool, String driverClassName) {
		if (!pool.isTransactionPooling()) {
			return;
		}
		Map<String, Object> sessionState = new LinkedHashMap<>();
		sessionState.put("connection-init-sql", pool.getConnectionInitSql());
		sessionState.put("schema", pool.getSchema());
		sessionState.put("catalog", pool.getCatalog());
		sessionState.put("transaction-isolation", pool.getTransactionIsolation());
		sessionState.put("timeouts.query", pool.getTimeouts().getQuery());
		sessionState.forEach((key, value) -> {
			if (value != null) {
				String path = PoolPropertiesValidator.path(name, key);
				throw new InvalidPoolConfigurationException(path,
						"Property '" + path + "' sets session state, but pool '" + name
								+ "' connects through a transaction-mode pooler ("
								+ PoolPropertiesValidator.path(name, "transaction-pooling")
								+ "=true), where the next transaction may run on another server session.",
						"Remove '" + path + "' and set it per transaction instead (for a statement limit: "
								+ "Statement#setQueryTimeout, or spring.jdbc.template.query-timeout), or connect "
								+ "directly and set transaction-pooling=false.");
			}
		});
		if (!DriverTimeouts.supports(driverClassName)) {
			String path = PoolPropertiesValidator.path(name, "transaction-pooling");
			throw new InvalidPoolConfigurationException(path,
					"Property '" + path + "' is only supported for the PostgreSQL driver, not " + driverClassName + ".",
					"Remove '" + path + "' and configure the driver for the pooler under '"
							+ PoolPropertiesValidator.path(name, "data-source-properties") + "'.");
		}
	}

	/**
	 * Return the driver properties that keep the PostgreSQL driver off session state.
	 */
	static Map<String, String> driverProperties(Map<String, String> configured) {
		Map<String, String> properties = new LinkedHashMap<>(configured);
		properties.put("prepareThreshold", "0");
		properties.put("preparedStatementCacheQueries", "0");
		return properties;
	}

}
