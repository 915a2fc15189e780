package dev.connmgmt.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;

import org.springframework.util.ClassUtils;

/**
 * Refuses pool settings that cannot work, or that HikariCP would silently replace with
 * something else (a connection timeout under 250ms becomes 30s, a keepalive under 30s is
 * dropped, ...): the application should run with the settings it was given or not start.
 */
final class PoolPropertiesValidator {

	static final Duration MINIMUM_TIMEOUT = Duration.ofMillis(250);

	static final Duration MINIMUM_MAX_LIFETIME = Duration.ofSeconds(30);

	static final Duration MINIMUM_IDLE_TIMEOUT = Duration.ofSeconds(10);

	static final Duration MINIMUM_KEEPALIVE = Duration.ofSeconds(30);

	static final Duration MINIMUM_LEAK_DETECTION = Duration.ofSeconds(2);

	private PoolPropertiesValidator() {
	}

	static void validatePrimaries(Map<String, PoolProperties> pools, ConfigurationProblems problems) {
		List<String> primaries = pools.entrySet().stream().filter((e) -> e.getValue().isPrimary()).map(Map.Entry::getKey).toList();
		if (primaries.size() > 1) {
			problems.add(new InvalidPoolConfigurationException(path(primaries.get(1), "primary"),
					"Pools " + primaries + " are all marked primary (" + path(primaries.get(0), "primary") + " and "
							+ path(primaries.get(1), "primary") + "), but only one pool can be the application's DataSource.",
					"Keep 'primary: true' on one pool only and remove it from the others."));
		}
	}

	/**
	 * Check a pool's settings, recording every problem found.
	 * @return whether the pool has a usable URL, which the driver checks need
	 */
	static boolean validate(String name, PoolProperties pool, ClassLoader classLoader, ConfigurationProblems problems) {
		boolean url = problems.check(() -> validateUrl(name, pool));
		problems.check(() -> validateSizes(name, pool));
		validateTimeouts(name, pool, problems);
		problems.check(() -> validateAutoscale(name, pool));
		problems.check(() -> validateCredentials(name, pool));
		problems.check(() -> validateExceptionOverride(name, pool, classLoader));
		ClientCertificateValidator.validate(name, pool, pool.getTls().getClientCertificate(), problems);
		return url;
	}

	private static void validateExceptionOverride(String name, PoolProperties pool, ClassLoader classLoader) {
		if (pool.getExceptionOverrideClassName() != null
				&& !ClassUtils.isPresent(pool.getExceptionOverrideClassName(), classLoader)) {
			throw new InvalidPoolConfigurationException(path(name, "exception-override-class-name"),
					"Property '" + path(name, "exception-override-class-name") + "' names class '"
							+ pool.getExceptionOverrideClassName() + "', which is not on the classpath.",
					"Correct the class name, or add the library that contains it to the application.");
		}
	}

	private static void validateCredentials(String name, PoolProperties pool) {
		CredentialsProperties credentials = pool.getCredentials();
		if (credentials.getSource() == CredentialsProperties.Source.STATIC) {
			return;
		}
		String source = credentials.getSource().name().toLowerCase(java.util.Locale.ROOT);
		if (pool.getUsername() != null || pool.getPassword() != null) {
			String key = (pool.getUsername() != null) ? "username" : "password";
			throw new InvalidPoolConfigurationException(path(name, key),
					"Property '" + path(name, key) + "' is set, but pool '" + name + "' reads its credentials from "
							+ ((credentials.getSource() == CredentialsProperties.Source.FILE) ? "files" : "Vault") + " ("
							+ path(name, "credentials.source") + "=" + source + ").",
					"Remove '" + path(name, key) + "', or set " + path(name, "credentials.source") + "=static.");
		}
		if (credentials.getSource() == CredentialsProperties.Source.VAULT) {
			validateVault(name, credentials.getVault());
			return;
		}
		for (String key : new String[] { "username-path", "password-path" }) {
			Path file = key.startsWith("username") ? credentials.getFile().getUsernamePath()
					: credentials.getFile().getPasswordPath();
			String property = path(name, "credentials.file." + key);
			if (file == null || !Files.isReadable(file)) {
				throw new InvalidPoolConfigurationException(property,
						"Property '" + property + "' " + ((file == null) ? "is not set" : "names " + file
								+ ", which cannot be read") + ", but pool '" + name + "' reads its credentials from files.",
						"Set '" + property + "' to a readable file, such as a mounted secret's key "
								+ "(/var/run/secrets/db/" + key.replace("-path", "") + ").");
			}
		}
	}

	private static void validateVault(String name, CredentialsProperties.Vault vault) {
		if (vault.getRole() == null || vault.getRole().isBlank()) {
			String property = path(name, "credentials.vault.role");
			throw new InvalidPoolConfigurationException(property,
					"Property '" + property + "' is not set, but pool '" + name + "' reads its credentials from Vault.",
					"Set '" + property + "' to the database secrets engine role the pool logs in with, such as "
							+ name + "-app.");
		}
		if (vault.getBackend() == null || vault.getBackend().isBlank()) {
			String property = path(name, "credentials.vault.backend");
			throw new InvalidPoolConfigurationException(property, "Property '" + property + "' is empty.",
					"Set '" + property + "' to the mount path of the database secrets engine; database is the default.");
		}
		if (!(vault.getRotateAt() > 0 && vault.getRotateAt() < 1)) {
			String property = path(name, "credentials.vault.rotate-at");
			throw new InvalidPoolConfigurationException(property,
					"Property '" + property + "' is " + vault.getRotateAt()
							+ ", but it is the fraction of a lease's time to live at which it is renewed or replaced.",
					"Set '" + property + "' between 0 and 1 exclusive; 0.7 (at 70% of the lease) is the default.");
		}
		if (vault.getFirstRetry().compareTo(Duration.ofMillis(100)) < 0
				|| vault.getMaxRetry().compareTo(vault.getFirstRetry()) < 0) {
			String property = path(name, "credentials.vault.first-retry");
			throw new InvalidPoolConfigurationException(property,
					"Properties '" + property + "' (" + print(vault.getFirstRetry()) + ") and '"
							+ path(name, "credentials.vault.max-retry") + "' (" + print(vault.getMaxRetry())
							+ ") must be at least 100ms, the first no longer than the max.",
					"Set '" + property + "' to 100ms or more and '" + path(name, "credentials.vault.max-retry")
							+ "' to at least as much; 200ms and 10s are the defaults.");
		}
	}

	private static void validateAutoscale(String name, PoolProperties pool) {
		AutoscaleProperties autoscale = pool.getAutoscale();
		if (!autoscale.isEnabled()) {
			return;
		}
		if (autoscale.getMax() < pool.getMaximumPoolSize()) {
			throw new InvalidPoolConfigurationException(path(name, "autoscale.max"),
					"Property '" + path(name, "autoscale.max") + "' (" + autoscale.getMax() + ") is below '"
							+ path(name, "maximum-pool-size") + "' (" + pool.getMaximumPoolSize()
							+ "), the size the pool starts from.",
					"Raise '" + path(name, "autoscale.max") + "' to at least " + pool.getMaximumPoolSize() + ".");
		}
		if (autoscale.getScaleUpStep() < 1 || autoscale.getScaleDownStep() < 1) {
			String key = (autoscale.getScaleUpStep() < 1) ? "autoscale.scale-up-step" : "autoscale.scale-down-step";
			throw new InvalidPoolConfigurationException(path(name, key),
					"Property '" + path(name, key) + "' must be at least 1.", "Set '" + path(name, key) + "' to 1 or more.");
		}
		if (autoscale.getInterval().compareTo(Duration.ofMillis(100)) < 0) {
			throw new InvalidPoolConfigurationException(path(name, "autoscale.interval"),
					"Property '" + path(name, "autoscale.interval") + "' is " + print(autoscale.getInterval())
							+ ", too short to measure the pool's load between looks.",
					"Set '" + path(name, "autoscale.interval") + "' to 100ms or more; 1s is the default.");
		}
	}

	private static void validateUrl(String name, PoolProperties pool) {
		String url = pool.getUrl();
		if (url == null || url.isBlank()) {
			throw new InvalidPoolConfigurationException(path(name, "url"),
					"Pool '" + name + "' has no JDBC URL: property '" + path(name, "url") + "' is not set.",
					"Set '" + path(name, "url") + "' to the database's JDBC URL, such as "
							+ "jdbc:postgresql://localhost:5432/" + name + ".");
		}
		if (!url.startsWith("jdbc:")) {
			throw new InvalidPoolConfigurationException(path(name, "url"),
					"Property '" + path(name, "url") + "' is not a JDBC URL: it does not start with 'jdbc:'.",
					"Set '" + path(name, "url") + "' to a JDBC URL, such as jdbc:postgresql://localhost:5432/" + name
							+ ".");
		}
	}

	private static void validateSizes(String name, PoolProperties pool) {
		if (pool.getMaximumPoolSize() < 1) {
			throw new InvalidPoolConfigurationException(path(name, "maximum-pool-size"),
					"Property '" + path(name, "maximum-pool-size") + "' is " + pool.getMaximumPoolSize()
							+ ", but a pool needs room for at least one connection.",
					"Set '" + path(name, "maximum-pool-size") + "' to 1 or more; (2 x CPU cores of the database) is a "
							+ "good start.");
		}
		Integer minimumIdle = pool.getMinimumIdle();
		if (minimumIdle != null && minimumIdle < 0) {
			throw new InvalidPoolConfigurationException(path(name, "minimum-idle"),
					"Property '" + path(name, "minimum-idle") + "' is " + minimumIdle + ", but it cannot be negative.",
					"Set '" + path(name, "minimum-idle") + "' to 0 or more, or remove it for a fixed-size pool.");
		}
		if (minimumIdle != null && minimumIdle > pool.getMaximumPoolSize()) {
			throw new InvalidPoolConfigurationException(path(name, "minimum-idle"),
					"Property '" + path(name, "minimum-idle") + "' (" + minimumIdle + ") is greater than '"
							+ path(name, "maximum-pool-size") + "' (" + pool.getMaximumPoolSize()
							+ "): HikariCP would silently use " + pool.getMaximumPoolSize() + ".",
					"Lower '" + path(name, "minimum-idle") + "' to at most " + pool.getMaximumPoolSize() + ", or raise '"
							+ path(name, "maximum-pool-size") + "'.");
		}
	}

	private static void validateTimeouts(String name, PoolProperties pool, ConfigurationProblems problems) {
		boolean connectionTimeout = problems.check(() -> atLeast(name, "connection-timeout",
				pool.getConnectionTimeout(), MINIMUM_TIMEOUT, false, "use 30s instead"));
		problems.check(() -> atLeast(name, "validation-timeout", pool.getValidationTimeout(), MINIMUM_TIMEOUT, false,
				"use 5s instead"));
		if (connectionTimeout) {
			problems.check(() -> validationWithinConnectionTimeout(name, pool));
		}
		problems.check(() -> atLeast(name, "max-lifetime", pool.getMaxLifetime(), MINIMUM_MAX_LIFETIME, true,
				"use 30m instead"));
		boolean elastic = isElastic(pool);
		if (elastic) {
			problems.check(() -> atLeast(name, "idle-timeout", pool.getIdleTimeout(), MINIMUM_IDLE_TIMEOUT, true,
					"use 10m instead"));
		}
		problems.check(() -> atLeast(name, "keepalive-time", pool.getKeepaliveTime(), MINIMUM_KEEPALIVE, true,
				"disable keepalive"));
		problems.check(() -> atLeast(name, "leak-detection-threshold", pool.getLeakDetectionThreshold(),
				MINIMUM_LEAK_DETECTION, true, "disable leak detection"));
		Duration maxLifetime = pool.getMaxLifetime();
		if (!maxLifetime.isZero()) {
			if (elastic) {
				problems.check(() -> below(name, "idle-timeout", pool.getIdleTimeout(), maxLifetime.minusSeconds(1),
						"disable it"));
			}
			problems.check(() -> below(name, "keepalive-time", pool.getKeepaliveTime(), maxLifetime, "disable it"));
			problems.check(() -> notAbove(name, "leak-detection-threshold", pool.getLeakDetectionThreshold(),
					maxLifetime));
		}
	}

	/**
	 * Return whether a pool shrinks when idle: only then does its idle timeout matter.
	 */
	static boolean isElastic(PoolProperties pool) {
		return pool.getMinimumIdle() != null && pool.getMinimumIdle() < pool.getMaximumPoolSize();
	}

	private static void validationWithinConnectionTimeout(String name, PoolProperties pool) {
		if (pool.getValidationTimeout().compareTo(pool.getConnectionTimeout()) > 0) {
			throw new InvalidPoolConfigurationException(path(name, "validation-timeout"),
					"Property '" + path(name, "validation-timeout") + "' (" + print(pool.getValidationTimeout())
							+ ") is longer than '" + path(name, "connection-timeout") + "' ("
							+ print(pool.getConnectionTimeout()) + "): a caller would time out while a connection is still "
							+ "being tested.",
					"Set '" + path(name, "validation-timeout") + "' to at most '" + path(name, "connection-timeout")
							+ "', or remove it: when it is not set, connmgmt derives it from the connection timeout.");
		}
	}

	private static void atLeast(String name, String key, Duration value, Duration minimum, boolean zeroAllowed,
			String hikariReplacement) {
		if (value.isNegative() || (value.compareTo(minimum) < 0 && !(zeroAllowed && value.isZero()))) {
			throw new InvalidPoolConfigurationException(path(name, key),
					"Property '" + path(name, key) + "' is " + print(value) + ", below HikariCP's minimum of " + print(minimum)
							+ ": HikariCP would silently " + hikariReplacement + ".",
					"Set '" + path(name, key) + "' to " + print(minimum) + " or more" + (zeroAllowed ? ", or 0 to disable it." : "."));
		}
	}

	private static void below(String name, String key, Duration value, Duration limit, String hikariReplacement) {
		if (!value.isZero() && value.compareTo(limit) >= 0) {
			throw new InvalidPoolConfigurationException(path(name, key),
					"Property '" + path(name, key) + "' (" + print(value) + ") is not less than '" + path(name, "max-lifetime")
							+ "': HikariCP would silently " + hikariReplacement + ".",
					"Make '" + path(name, key) + "' shorter than '" + path(name, "max-lifetime")
							+ "' (by a second at least), or set it to 0 to disable it.");
		}
	}

	private static void notAbove(String name, String key, Duration value, Duration limit) {
		if (value.compareTo(limit) > 0) {
			throw new InvalidPoolConfigurationException(path(name, key),
					"Property '" + path(name, key) + "' (" + print(value) + ") is longer than '" + path(name, "max-lifetime")
							+ "': HikariCP would silently disable leak detection.",
					"Make '" + path(name, key) + "' at most '" + path(name, "max-lifetime") + "', or 0 to disable it.");
		}
	}

	static String print(Duration duration) {
		long millis = duration.toMillis();
		if (millis == 0 || millis % 1_000 != 0) {
			return millis + "ms";
		}
		long seconds = millis / 1_000;
		StringBuilder printed = new StringBuilder();
		if (seconds >= 3_600) {
			printed.append(seconds / 3_600).append('h');
		}
		if (seconds % 3_600 >= 60) {
			printed.append(seconds % 3_600 / 60).append('m');
		}
		if (seconds % 60 != 0) {
			printed.append(seconds % 60).append('s');
		}
		return printed.toString();
	}

	static String path(String pool, String key) {
		return PoolConfigurationBinder.POOLS_PREFIX + "." + pool + "." + key;
	}

}
