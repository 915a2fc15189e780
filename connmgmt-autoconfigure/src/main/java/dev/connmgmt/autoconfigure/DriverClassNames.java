package dev.connmgmt.autoconfigure;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.util.ClassUtils;

/**
 * The JDBC driver class of a pool: the configured one, else the one Spring Boot knows for
 * the URL when it is on the classpath.
 */
final class DriverClassNames {

	private DriverClassNames() {
	}

	/**
	 * Return the driver class name to use for a pool.
	 * @param configured the configured driver class name, or {@code null}
	 * @param url the JDBC URL
	 * @return the class name, or {@code null} when only {@code DriverManager} can tell
	 */
	static String of(String configured, String url) {
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		String known = DatabaseDriver.fromJdbcUrl(url).getDriverClassName();
		return (known != null && ClassUtils.isPresent(known, DriverClassNames.class.getClassLoader())) ? known : null;
	}

}
