package dev.connmgmt.internal.pool;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a pool's connect, socket and query time limits into the driver properties that
 * enforce them, for the drivers connmgmt knows. PostgreSQL's driver counts connect and socket
 * timeouts in whole seconds, so they are rounded up; the query limit becomes the server's
 * own {@code statement_timeout}, which cancels the statement on the server.
 *
 * @since 0.1.0
 */
public final class DriverTimeouts {

	/**
	 * The PostgreSQL driver.
	 */
	public static final String POSTGRESQL = "org.postgresql.Driver";

	private DriverTimeouts() {
	}

	/**
	 * Return whether connmgmt can enforce time limits for a driver.
	 * @param driverClassName the driver class name, may be {@code null}
	 * @return whether the driver is supported
	 */
	public static boolean supports(String driverClassName) {
		return POSTGRESQL.equals(driverClassName);
	}

	/**
	 * Return the driver properties with the time limits added.
	 * @param driverProperties the configured driver properties
	 * @param connect the connect limit, or {@code null}
	 * @param socket the socket read limit, or {@code null}
	 * @param query the statement limit, or {@code null}
	 * @return a new map of driver properties
	 */
	public static Map<String, String> apply(Map<String, String> driverProperties, Duration connect, Duration socket,
			Duration query) {
		Map<String, String> properties = new LinkedHashMap<>(driverProperties);
		if (connect != null) {
			properties.put("connectTimeout", seconds(connect));
			properties.put("loginTimeout", seconds(connect));
		}
		if (socket != null) {
			properties.put("socketTimeout", seconds(socket));
		}
		if (query != null) {
			String options = properties.get("options");
			String statementTimeout = "-c statement_timeout=" + query.toMillis();
			properties.put("options", (options == null || options.isBlank()) ? statementTimeout
					: options + " " + statementTimeout);
		}
		return properties;
	}

	/**
	 * Return the names of the driver properties a time limit sets, for conflict checks.
	 * @param limit one of {@code connect}, {@code socket}, {@code query}
	 * @return the driver property names
	 */
	public static String[] driverPropertiesOf(String limit) {
		return switch (limit) {
			case "connect" -> new String[] { "connectTimeout", "loginTimeout" };
			case "socket" -> new String[] { "socketTimeout" };
			case "query" -> new String[] { "statement_timeout" };
			default -> new String[0];
		};
	}

	static String seconds(Duration duration) {
		long millis = duration.toMillis();
		return Long.toString(Math.max(1, (millis + 999) / 1000));
	}

}
