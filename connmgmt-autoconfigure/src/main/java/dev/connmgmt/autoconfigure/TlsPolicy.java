package dev.connmgmt.autoconfigure;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import dev.connmgmt.internal.events.PoolEvents;
import dev.connmgmt.internal.security.PostgresTlsSettings;
import dev.connmgmt.internal.security.PostgresTlsSettings.Setting;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import org.slf4j.event.Level;

import org.springframework.boot.jdbc.DatabaseDriver;

/**
 * A pool's TLS policy at startup ({@code tls.mode}): the mode derived when not written, and
 * the driver settings that break a written mode refused. A derived mode never stops
 * startup, as the user did not write it: a written setting that weakens TLS below it is
 * logged ({@code tls.weak}, with the setting and the fix), and the live check reports the
 * session. URLs are never echoed, as they may
 * carry a password: only the TLS parameter at fault is named.
 */
final class TlsPolicy {

	static final String MODE = "tls.mode";

	private TlsPolicy() {
	}

	/**
	 * Give a pool without a written mode the mode its URL calls for, and a pool whose written
	 * {@code verify-full} has no {@code sslmode} that {@code sslmode}.
	 */
	static void derive(PoolProperties pool, Predicate<String> written, List<DerivedDefaults.Derived> derived) {
		TlsProperties tls = pool.getTls();
		boolean postgres = PostgresTlsSettings.isPostgres(pool.getUrl());
		if (tls.getMode() == null || !written.test(MODE)) {
			String remote = postgres ? settings(pool).firstRemoteHost() : null;
			tls.setMode((remote != null) ? TlsMode.REQUIRE : TlsMode.OFF);
			if (remote != null) {
				derived.add(new DerivedDefaults.Derived(MODE, TlsMode.REQUIRE.propertyValue(),
						"the URL names host '" + remote + "', not this machine"));
			}
			return;
		}
		if (postgres && tls.getMode() == TlsMode.VERIFY_FULL) {
			PostgresTlsSettings settings = settings(pool);
			if (!settings.isSslModeWritten() && !"verify-full".equals(settings.effectiveSslMode())) {
				pool.getDataSourceProperties().put("sslmode", "verify-full");
				derived.add(new DerivedDefaults.Derived("data-source-properties.sslmode", "verify-full",
						"tls.mode = verify-full"));
			}
		}
	}

	/**
	 * Record every driver setting of a pool that breaks its TLS mode.
	 * @param modeWritten whether the user wrote the mode, rather than it being derived
	 */
	static void validate(String name, PoolProperties pool, boolean modeWritten, ConfigurationProblems problems) {
		TlsMode mode = pool.getTls().getMode();
		if (mode == null || mode == TlsMode.OFF || pool.getUrl() == null) {
			return;
		}
		String modeProperty = PoolPropertiesValidator.path(name, MODE);
		if (!PostgresTlsSettings.isPostgres(pool.getUrl())) {
			problems.add(new InvalidPoolConfigurationException(modeProperty,
					"Property '" + modeProperty + "' is " + mode.propertyValue() + ", but pool '" + name + "' uses "
							+ database(pool.getUrl()) + ", whose TLS settings connmgmt cannot check (PostgreSQL only).",
					"Configure TLS with that driver's own settings (in the URL or '"
							+ PoolPropertiesValidator.path(name, "data-source-properties") + "') and set '" + modeProperty
							+ "' to off."));
			return;
		}
		PostgresTlsSettings settings = settings(pool);
		String why = modeWritten ? modeProperty + "=" + mode.propertyValue()
				: modeProperty + " is not set, so it is " + mode.propertyValue() + " because the URL names host '"
						+ settings.firstRemoteHost() + "', not this machine";
		String turnOff = modeWritten ? "lower '" + modeProperty + "'" : "write '" + modeProperty + ": off'";
		for (Setting setting : settings.written()) {
			String weakness = weakness(setting, mode);
			if (weakness == null) {
				continue;
			}
			String where = setting.inUrl() ? "the URL's parameter"
					: "driver property";
			String property = setting.inUrl() ? PoolPropertiesValidator.path(name, "url")
					: PoolPropertiesValidator.path(name, "data-source-properties." + setting.driverProperty());
			String written = setting.key() + (setting.value().isEmpty() ? "" : "=" + setting.value());
			String fix = "sslfactory".equals(setting.key())
					? "Remove " + written + " from " + ((setting.inUrl()) ? "the URL" : "'" + property + "'")
							+ " so that the server's certificate is verified (sslrootcert names the CA that signed it)"
					: "Set sslmode=verify-full in " + ((setting.inUrl()) ? "the URL" : "'" + property + "'")
							+ ((setting.key().equals("ssl")) ? " and remove " + written : "")
							+ ", with sslrootcert naming the CA that signed the database's certificate";
			InvalidPoolConfigurationException problem = new InvalidPoolConfigurationException(property,
					"Pool '" + name + "' requires TLS (" + why + "), but " + where + " " + written + " (" + property
							+ ") " + weakness + ".",
					fix + "; or, if this database is meant to be reached so, " + turnOff + ".");
			if (modeWritten) {
				problems.add(problem);
			}
			else {
				PoolEvents.log(Level.WARN, "tls.weak", "pool", name, "setting", property, "detail",
						problem.getProblem(), "fix", problem.getAction());
			}
		}
		if (modeWritten && !settings.isSslModeWritten() && "prefer".equals(settings.effectiveSslMode())) {
			problems.add(new InvalidPoolConfigurationException(modeProperty,
					"Pool '" + name + "' requires TLS (" + why + "), but no sslmode is written in its URL or '"
							+ PoolPropertiesValidator.path(name, "data-source-properties.sslmode")
							+ "', so the driver's default, prefer, would fall back to an unencrypted session and "
							+ "accept any server certificate.",
					"Add sslmode=verify-full (or verify-ca) to the URL or set '"
							+ PoolPropertiesValidator.path(name, "data-source-properties.sslmode")
							+ "', with sslrootcert naming the CA that signed the database's certificate; or set '"
							+ modeProperty + "' to verify-full, which sets sslmode=verify-full itself."));
		}
	}

	/**
	 * Return how a written setting weakens TLS below the mode, or {@code null} if it does
	 * not.
	 */
	static String weakness(Setting setting, TlsMode mode) {
		String value = setting.value().toLowerCase(Locale.ROOT);
		return switch (setting.key()) {
			case "sslmode" -> switch (value) {
				case "disable" -> "turns TLS off";
				case "allow", "prefer" -> "lets the session fall back to no encryption and accepts any server "
						+ "certificate";
				case "require" -> "encrypts but accepts any server certificate";
				case "verify-ca" -> (mode == TlsMode.VERIFY_FULL) ? "verifies the certificate but not the host name"
						: null;
				default -> null;
			};
			case "ssl" -> "false".equals(value) ? "turns TLS off" : null;
			case "sslfactory" -> PostgresTlsSettings.NON_VALIDATING_FACTORY.equalsIgnoreCase(setting.value())
					? "accepts any server certificate without verifying it" : null;
			default -> null;
		};
	}

	private static PostgresTlsSettings settings(PoolProperties pool) {
		return PostgresTlsSettings.of(pool.getUrl(), pool.getDataSourceProperties());
	}

	private static String database(String url) {
		DatabaseDriver driver = DatabaseDriver.fromJdbcUrl(url);
		return (driver != DatabaseDriver.UNKNOWN) ? driver.name().toLowerCase(Locale.ROOT) : "a database";
	}

}
