package dev.connmgmt.internal.pool;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;

import dev.connmgmt.credentials.Secrets;

import org.springframework.util.ClassUtils;

/**
 * Loads the JDBC driver of a pool: the given class, else whichever registered driver
 * accepts the URL.
 *
 * @since 0.1.0
 */
public final class JdbcDrivers {

	private JdbcDrivers() {
	}

	/**
	 * Load and instantiate a driver.
	 * @param driverClassName the driver class name, or {@code null} to ask {@link DriverManager}
	 * @param url the JDBC URL the driver must accept
	 * @param classLoader the class loader to load the driver with
	 * @return the driver
	 * @throws DriverNotFoundException when the class is missing, is not a driver, or no
	 * driver accepts the URL
	 */
	public static Driver load(String driverClassName, String url, ClassLoader classLoader) {
		Driver driver = (driverClassName != null) ? instantiate(driverClassName, classLoader) : registeredFor(url);
		try {
			if (!driver.acceptsURL(url)) {
				throw new DriverNotFoundException(driverClassName, "driver " + driver.getClass().getName()
						+ " does not accept URL " + Secrets.redactUrl(url), null);
			}
		}
		catch (SQLException ex) {
			throw new DriverNotFoundException(driverClassName, "driver rejected the URL: " + ex.getMessage(), ex);
		}
		return driver;
	}

	private static Driver instantiate(String driverClassName, ClassLoader classLoader) {
		Class<?> type;
		try {
			type = ClassUtils.forName(driverClassName, classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new DriverNotFoundException(driverClassName, "class " + driverClassName + " is not on the classpath",
					ex);
		}
		if (!Driver.class.isAssignableFrom(type)) {
			throw new DriverNotFoundException(driverClassName,
					"class " + driverClassName + " does not implement java.sql.Driver", null);
		}
		try {
			return (Driver) type.getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new DriverNotFoundException(driverClassName, "driver " + driverClassName + " cannot be instantiated",
					ex);
		}
	}

	private static Driver registeredFor(String url) {
		try {
			return DriverManager.getDriver(url);
		}
		catch (SQLException ex) {
			throw new DriverNotFoundException(null,
					"no JDBC driver on the classpath accepts URL " + Secrets.redactUrl(url), ex);
		}
	}

	/**
	 * Thrown when a pool's JDBC driver cannot be found or does not accept its URL.
	 */
	public static final class DriverNotFoundException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String driverClassName;

		DriverNotFoundException(String driverClassName, String message, Throwable cause) {
			super(message, cause);
			this.driverClassName = driverClassName;
		}

		/**
		 * Return the driver class that was asked for.
		 * @return the class name, or {@code null} when none was configured
		 */
		public String getDriverClassName() {
			return this.driverClassName;
		}

	}

}
