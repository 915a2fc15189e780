package dev.connmgmt.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.connmgmt.internal.pool.DriverTimeouts;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;

/**
 * Checks that a pool's connect, socket and query limits can be enforced by its driver, and
 * are not also set as driver properties (two values for one limit).
 */
final class PoolTimeoutsValidator {

	private PoolTimeoutsValidator() {
	}

	static void validate(String name, PoolProperties pool, String driverClassName) {
		TimeoutProperties timeouts = pool.getTimeouts();
		check(name, pool, driverClassName, "connect", timeouts.getConnect());
		check(name, pool, driverClassName, "socket", timeouts.getSocket());
		check(name, pool, driverClassName, "query", timeouts.getQuery());
		positive(name, "request", timeouts.getRequest());
	}

	private static void check(String name, PoolProperties pool, String driverClassName, String limit, Duration value) {
		if (value == null) {
			return;
		}
		positive(name, limit, value);
		String path = PoolPropertiesValidator.path(name, "timeouts." + limit);
		if (!DriverTimeouts.supports(driverClassName)) {
			throw new InvalidPoolConfigurationException(path,
					"Property '" + path + "' cannot be enforced for driver " + driverClassName
							+ ": connmgmt passes time limits to the PostgreSQL driver only so far.",
					"Remove '" + path + "' and set the driver's own property under '"
							+ PoolPropertiesValidator.path(name, "data-source-properties") + "'.");
		}
		Map<String, String> driverProperties = pool.getDataSourceProperties();
		for (String driverProperty : DriverTimeouts.driverPropertiesOf(limit)) {
			String conflicting = driverProperties.keySet()
				.stream()
				.filter((key) -> key.equalsIgnoreCase(driverProperty)
						|| ("options".equalsIgnoreCase(key) && driverProperties.get(key).contains(driverProperty)))
				.findFirst()
				.orElse(null);
			if (conflicting != null) {
				String conflictPath = PoolPropertiesValidator.path(name, "data-source-properties." + conflicting);
				throw new InvalidPoolConfigurationException(path,
						"Property '" + path + "' and driver property '" + conflictPath
								+ "' both set the same limit, so one of them would be ignored.",
						"Keep '" + path + "' and remove '" + conflictPath + "'.");
			}
		}
	}

	private static void positive(String name, String limit, Duration value) {
		if (value != null && (value.isZero() || value.isNegative())) {
			String path = PoolPropertiesValidator.path(name, "timeouts." + limit);
			throw new InvalidPoolConfigurationException(path,
					"Property '" + path + "' is " + PoolPropertiesValidator.print(value) + ", but a limit must be positive.",
					"Set '" + path + "' to a positive duration such as 5s, or remove it for no limit.");
		}
	}

}
