package dev.connmgmt.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.credentials.RotationTiming;
import dev.connmgmt.credentials.VaultCallException;
import dev.connmgmt.credentials.VaultCredentialSource;
import dev.connmgmt.credentials.VaultDatabaseCredentials;
import dev.connmgmt.credentials.VaultSession;
import dev.connmgmt.lifecycle.CredentialsStartException;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.core.VaultOperations;

/**
 * Creates Vault credential sources on the application's Vault client (Spring Cloud Vault's
 * {@link VaultOperations} and {@link SessionManager}), reads each pool's first credentials,
 * and checks at startup that connections are recycled before their lease can expire.
 */
class VaultCredentialSources implements VaultCredentialSourceFactory {

	private static final Logger logger = LoggerFactory.getLogger(VaultCredentialSources.class);

	/**
	 * HikariCP's default max-lifetime, used when a pool sets none.
	 */
	private static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);

	/**
	 * Spring Cloud Vault's auto-configuration, which creates the application's Vault client.
	 */
	private static final String SPRING_CLOUD_VAULT = "org.springframework.cloud.vault.config.VaultAutoConfiguration";

	private final ObjectProvider<VaultOperations> vault;

	private final ObjectProvider<SessionManager> sessions;

	private final ValidationMode mode;

	private final ClassLoader classLoader;

	VaultCredentialSources(ObjectProvider<VaultOperations> vault, ObjectProvider<SessionManager> sessions,
			ValidationMode mode, ClassLoader classLoader) {
		this.vault = vault;
		this.sessions = sessions;
		this.mode = mode;
		this.classLoader = classLoader;
	}

	@Override
	public CredentialSource create(String name, PoolProperties pool) {
		CredentialsProperties.Vault settings = pool.getCredentials().getVault();
		VaultOperations operations = this.vault.getIfAvailable();
		if (operations == null) {
			if (!ClassUtils.isPresent(SPRING_CLOUD_VAULT, this.classLoader)) {
				throw VaultCredentialSourceFactory.springCloudVaultMissing(name);
			}
			String property = PoolPropertiesValidator.path(name, "credentials.source");
			throw new InvalidPoolConfigurationException(property,
					"Pool '" + name + "' reads its credentials from Vault (" + property
							+ "=vault), but the application has no Vault client: Spring Cloud Vault is not configured"
							+ " or spring.cloud.vault.enabled is false.",
					"Configure Vault under spring.cloud.vault.* (uri, authentication and its settings, such as "
							+ "spring.cloud.vault.app-role.role-id), or set " + property + "=static.");
		}
		VaultSession session = new VaultSession(this.sessions.getIfAvailable());
		VaultDatabaseCredentials credentials = new VaultDatabaseCredentials(operations, session,
				settings.getBackend(), settings.getRole(), settings.isStaticRole());
		VaultCredentialSource source = new VaultCredentialSource(name, credentials, session,
				new VaultCredentialSource.Settings(settings.isStaticRole(),
						new RotationTiming(settings.getRotateAt(), settings.getFirstRetry(), settings.getMaxRetry()),
						settings.isRevokeAfterDrain(), settings.getMinRefreshInterval()),
				Clock.systemUTC());
		Duration ttl;
		try {
			ttl = source.start();
		}
		catch (VaultCallException ex) {
			throw new CredentialsStartException(name, "Pool '" + name + "' could not read its credentials from Vault at "
					+ credentials.path() + ": " + ex.getMessage(), action(name, credentials.path(), ex), ex);
		}
		if (!settings.isStaticRole()) {
			checkLifetime(name, pool, ttl, source);
		}
		return source;
	}

	private void checkLifetime(String name, PoolProperties pool, Duration ttl, VaultCredentialSource source) {
		Duration maxLifetime = (pool.getMaxLifetime() != null) ? pool.getMaxLifetime() : DEFAULT_MAX_LIFETIME;
		Duration margin = pool.getCredentials().getVault().getLifetimeMargin();
		Duration limit = ttl.minus(margin);
		if (!maxLifetime.isZero() && maxLifetime.compareTo(limit) < 0) {
			return;
		}
		String property = PoolPropertiesValidator.path(name, "max-lifetime");
		String problem = "Property '" + property + "' is " + PoolPropertiesValidator.print(maxLifetime)
				+ (maxLifetime.isZero() ? " (unlimited)" : "") + ", but the Vault lease of role '"
				+ pool.getCredentials().getVault().getRole() + "' lives " + PoolPropertiesValidator.print(ttl)
				+ ": less the margin '" + PoolPropertiesValidator.path(name, "credentials.vault.lifetime-margin") + "' ("
				+ PoolPropertiesValidator.print(margin) + "), a connection could outlive its credentials.";
		String action = "Set '" + property + "' below " + PoolPropertiesValidator.print(limit.isNegative() ? Duration.ZERO : limit)
				+ ", or raise the role's default_ttl in Vault (HikariCP needs max-lifetime of 30s or more).";
		if (this.mode == ValidationMode.WARN) {
			logger.warn("{} {}", problem, action);
			return;
		}
		source.close();
		throw new InvalidPoolConfigurationException(property, problem, action);
	}

	private static String action(String name, String path, VaultCallException ex) {
		String role = PoolPropertiesValidator.path(name, "credentials.vault.role");
		return switch (ex.getKind()) {
			case UNAVAILABLE -> "Check that Vault at spring.cloud.vault.uri is reachable and unsealed; the pool reads "
					+ path + " before it starts.";
			case TOKEN -> "Check spring.cloud.vault.authentication and its credentials, and that the token's policy "
					+ "allows reading " + path + ".";
			case LEASE, CONFIGURATION -> "Check that the secrets engine is mounted at '"
					+ PoolPropertiesValidator.path(name, "credentials.vault.backend") + "' and that '" + role
					+ "' names a role of it (vault read " + path + ").";
		};
	}

}
