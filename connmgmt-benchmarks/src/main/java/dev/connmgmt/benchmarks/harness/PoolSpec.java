package dev.connmgmt.benchmarks.harness;

import java.nio.file.Path;
import java.time.Duration;

import dev.connmgmt.test.postgres.TestRole;

/**
 * The settings of a pool under test, the same for every stack.
 *
 * @param url the JDBC URL
 * @param driverClassName the driver, or {@code null} to find it from the URL
 * @param role the role to log in as
 * @param secret for connmgmt, a mounted secret holding the role's credentials to read and
 * watch instead of static ones; {@code null} for static credentials
 * @param maximumPoolSize the largest pool
 * @param minimumIdle idle connections kept
 * @param connectionTimeout the longest wait for a connection
 * @param connectTimeout the driver's limit on opening a connection and logging in, or
 * {@code null} for the driver's default
 */
record PoolSpec(String url, String driverClassName, TestRole role, Path secret, int maximumPoolSize, int minimumIdle,
		Duration connectionTimeout, Duration connectTimeout) {

	private static final Duration DEFAULT_VALIDATION_TIMEOUT = Duration.ofSeconds(5);

	PoolSpec(String url, TestRole role, int poolSize, Duration connectionTimeout) {
		this(url, null, role, null, poolSize, poolSize, connectionTimeout, null);
	}

	/**
	 * Return the longest test of a connection: HikariCP's default, but below the connection
	 * timeout, as connmgmt requires (a caller must not time out while a connection is still
	 * being tested).
	 */
	Duration validationTimeout() {
		Duration half = this.connectionTimeout.dividedBy(2);
		return (half.compareTo(DEFAULT_VALIDATION_TIMEOUT) < 0) ? half : DEFAULT_VALIDATION_TIMEOUT;
	}

	PoolSpec withSecret(Path secret) {
		return new PoolSpec(this.url, this.driverClassName, this.role, secret, this.maximumPoolSize, this.minimumIdle,
				this.connectionTimeout, this.connectTimeout);
	}

	PoolSpec withConnectTimeout(Duration connectTimeout) {
		return new PoolSpec(this.url, this.driverClassName, this.role, this.secret, this.maximumPoolSize,
				this.minimumIdle, this.connectionTimeout, connectTimeout);
	}

}
