package dev.connmgmt.internal.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The TLS settings a PgJDBC connection is made with, read from where a user writes them: the
 * JDBC URL's parameters and the pool's driver properties ({@code sslmode}, {@code ssl},
 * {@code sslfactory}), and the hosts the URL names. Only these are read; no other parameter
 * (a password in the URL, say) is kept. The URL wins over a driver property of the same name,
 * as in PgJDBC.
 *
 * @since 0.1.0
 */
public final class PostgresTlsSettings {

	private static final String PREFIX = "jdbc:postgresql:";

	/**
	 * The PgJDBC socket factory that trusts any server certificate.
	 */
	public static final String NON_VALIDATING_FACTORY = "org.postgresql.ssl.NonValidatingFactory";

	private static final List<String> KEYS = List.of("sslmode", "ssl", "sslfactory");

	private final List<String> hosts;

	private final List<Setting> written;

	private PostgresTlsSettings(List<String> hosts, List<Setting> written) {
		this.hosts = List.copyOf(hosts);
		this.written = List.copyOf(written);
	}

	/**
	 * Return whether a URL is PgJDBC's.
	 * @param url the JDBC URL, may be {@code null}
	 * @return whether it starts with {@code jdbc:postgresql:}
	 */
	public static boolean isPostgres(String url) {
		return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
	}

	/**
	 * Read the TLS settings of a PostgreSQL URL and its driver properties.
	 * @param url a {@code jdbc:postgresql:} URL
	 * @param driverProperties the driver properties (HikariCP's data source properties)
	 * @return the settings
	 */
	public static PostgresTlsSettings of(String url, Map<String, String> driverProperties) {
		String rest = url.substring(PREFIX.length());
		int query = rest.indexOf('?');
		String location = (query >= 0) ? rest.substring(0, query) : rest;
		List<String> hosts = new ArrayList<>();
		if (location.startsWith("//")) {
			String authority = location.substring(2);
			int slash = authority.indexOf('/');
			authority = (slash >= 0) ? authority.substring(0, slash) : authority;
			for (String address : authority.split(",")) {
				String host = hostOf(address);
				if (!host.isEmpty()) {
					hosts.add(host);
				}
			}
		}
		List<Setting> written = new ArrayList<>();
		if (query >= 0) {
			for (String parameter : rest.substring(query + 1).split("&")) {
				int equals = parameter.indexOf('=');
				String key = decode((equals >= 0) ? parameter.substring(0, equals) : parameter);
				// PgJDBC reads a URL's parameters by their exact names: sslMode is not sslmode
				if (KEYS.contains(key)) {
					String value = (equals >= 0) ? decode(parameter.substring(equals + 1)) : "";
					written.add(new Setting(key, value, null));
				}
			}
		}
		driverProperties.forEach((key, value) -> {
			if (KEYS.contains(key.toLowerCase(Locale.ROOT))) {
				written.add(new Setting(key.toLowerCase(Locale.ROOT), (value != null) ? value : "", key));
			}
		});
		return new PostgresTlsSettings(hosts, written);
	}

	/**
	 * Return the hosts the URL names, without ports; none when it names none (PgJDBC then
	 * connects to {@code localhost}).
	 * @return the hosts
	 */
	public List<String> hosts() {
		return this.hosts;
	}

	/**
	 * Return the first host that is not this machine by its name alone: not
	 * {@code localhost}, a {@code .localhost} name or a loopback address. No name is
	 * resolved.
	 * @return the host, or {@code null} when every host is local
	 */
	public String firstRemoteHost() {
		return this.hosts.stream().filter((host) -> !isLocal(host)).findFirst().orElse(null);
	}

	/**
	 * Return the TLS settings written, URL parameters first, in the order written.
	 * @return the settings
	 */
	public List<Setting> written() {
		return this.written;
	}

	/**
	 * Return the {@code sslmode} PgJDBC connects with: the URL's, else the driver
	 * property's; when neither is written, {@code verify-full} if {@code ssl} is written true
	 * or without a value, else PgJDBC's default {@code prefer}.
	 * @return the effective mode, lower case
	 */
	public String effectiveSslMode() {
		Setting mode = effective("sslmode");
		if (mode != null) {
			return mode.value().toLowerCase(Locale.ROOT);
		}
		Setting ssl = effective("ssl");
		if (ssl != null && (ssl.value().isEmpty() || "true".equalsIgnoreCase(ssl.value()))) {
			return "verify-full";
		}
		return "prefer";
	}

	/**
	 * Return whether {@code sslmode} is written in the URL or a driver property.
	 * @return whether it is
	 */
	public boolean isSslModeWritten() {
		return effective("sslmode") != null;
	}

	private Setting effective(String key) {
		return this.written.stream().filter((setting) -> setting.key().equals(key)).findFirst().orElse(null);
	}

	static boolean isLocal(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.equals("localhost") || name.endsWith(".localhost") || name.equals("::1")
				|| name.equals("0:0:0:0:0:0:0:1")) {
			return true;
		}
		String[] octets = name.split("\\.");
		if (octets.length == 4 && octets[0].equals("127")) {
			for (String octet : octets) {
				if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
					return false;
				}
			}
			return true;
		}
		return false;
	}

	private static String hostOf(String address) {
		String trimmed = address.trim();
		if (trimmed.startsWith("[")) {
			int end = trimmed.indexOf(']');
			return (end > 0) ? trimmed.substring(1, end) : trimmed;
		}
		int colon = trimmed.lastIndexOf(':');
		return (colon >= 0) ? trimmed.substring(0, colon) : trimmed;
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

	/**
	 * One TLS setting as written.
	 *
	 * @param key {@code sslmode}, {@code ssl} or {@code sslfactory}, lower case
	 * @param value the value written, empty when written without one
	 * @param driverProperty the driver property's key as written, or {@code null} for a URL
	 * parameter
	 */
	public record Setting(String key, String value, String driverProperty) {

		/**
		 * Return whether it was written in the URL.
		 * @return whether it is a URL parameter
		 */
		public boolean inUrl() {
			return this.driverProperty == null;
		}

	}

}
