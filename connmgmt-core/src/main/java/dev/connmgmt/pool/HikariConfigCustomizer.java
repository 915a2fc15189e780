package dev.connmgmt.pool;

import com.zaxxer.hikari.HikariConfig;

/**
 * Callback to adjust the HikariCP configuration of pools before they are created, for
 * settings connmgmt has no property for. The JDBC URL, credentials and driver belong to the
 * pool's connection factory: setting them here has no effect.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface HikariConfigCustomizer {

	/**
	 * Customize the configuration of a pool.
	 * @param poolName the pool's name
	 * @param config the configuration to adjust
	 */
	void customize(String poolName, HikariConfig config);

}
