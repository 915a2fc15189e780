package dev.connmgmt.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.internal.credentials.ClientCertificateSource;
import dev.connmgmt.internal.credentials.RotationTiming;
import dev.connmgmt.internal.credentials.VaultCallException;
import dev.connmgmt.internal.credentials.VaultCredentialSource;
import dev.connmgmt.internal.credentials.VaultDatabaseCredentials;
import dev.connmgmt.internal.credentials.VaultPkiCertificates;
import dev.connmgmt.internal.credentials.VaultSession;
import dev.connmgmt.lifecycle.CredentialsStartException;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.core.VaultOperations;

/**
 * Creates Vault credential sources, and sources of client certificates from Vault's PKI
 * engine, on the application's Vault client (Spring Cloud Vault's
 * {@link VaultOperations} and {@link SessionManager}), reads each pool's first credentials,
 * and checks at startup that work on replaced credentials can finish before their lease
 * ends.
 */
class VaultCredentialSources implements VaultCredentialSourceFactory {

	private static final Logger logger = LoggerFactory.getLogger(VaultCredentialSources.class);

	/**
	 * Spring Cloud Vault's auto-configuration, which creates the application's Vault client.
	 */
	private static final String SPRING_CLOUD_VAULT = "org.springframework.cloud.vault.config.VaultAutoConfiguration";

	private final ObjectProvider<VaultOperations> vault;

	private final ObjectProvider<SessionManager> sessions;

	private final Environment environment;

	private final ClassLoader classLoader;

	VaultCredentialSources(ObjectProvider<VaultOperations> vault, ObjectProvider<SessionManager> sessions,
			Environment environment, ClassLoader classLoader) {
		this.vault = vault;
		this.sessions = sessions;
		this.environment = environment;
		this.classLoader = classLoader;
	}

	@Override
	public CredentialSource create(String name, PoolProperties pool) {
		CredentialsProperties.Vault settings = pool.getCredentials().getVault();
		VaultOperations operations = operations(name, "credentials.source", "reads its credentials from Vault",
				"static");
		RotationTiming timing = new RotationTiming(settings.getRotateAt(), settings.getFirstRetry(),
				settings.getMaxRetry());
		VaultSession session = new VaultSession(this.sessions.getIfAvailable());
		VaultDatabaseCredentials credentials = new VaultDatabaseCredentials(operations, session,
				settings.getBackend(), settings.getRole(), settings.isStaticRole());
		VaultCredentialSource source = new VaultCredentialSource(name, credentials, session,
				new VaultCredentialSource.Settings(settings.isStaticRole(), timing,
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
			checkDrainWindow(name, pool, ttl, timing, source);
		}
		return source;
	}

	@Override
	public CredentialSource withClientCertificate(String name, PoolProperties pool,
			ClientCertificateProperties certificate, CredentialSource base) {
		ClientCertificateProperties.Vault settings = certificate.getVault();
		VaultOperations operations = operations(name, "tls.client-certificate.source",
				"logs in with a client certificate from Vault", "none");
		CredentialsProperties.Vault retries = pool.getCredentials().getVault();
		RotationTiming timing = new RotationTiming(settings.getRotateAt(), retries.getFirstRetry(),
				retries.getMaxRetry());
		VaultPkiCertificates issuer = new VaultPkiCertificates(operations,
				new VaultSession(this.sessions.getIfAvailable()), settings.getMount(), settings.getRole(),
				ClientCertificateValidator.commonName(pool, certificate), settings.getTtl());
		ClientCertificateSource source = new ClientCertificateSource(name, base, issuer, timing,
				retries.getMinRefreshInterval(), Clock.systemUTC());
		try {
			source.start();
		}
		catch (VaultCallException ex) {
			String role = PoolPropertiesValidator.path(name, "tls.client-certificate.vault.role");
			throw new CredentialsStartException(name, "Pool '" + name
					+ "' could not obtain its client certificate from Vault at " + issuer.path() + ": "
					+ ex.getMessage(), switch (ex.getKind()) {
						case UNAVAILABLE -> "Check that Vault at spring.cloud.vault.uri is reachable and unsealed.";
						case TOKEN -> "Check spring.cloud.vault.authentication and that the token's policy allows "
								+ "updating " + issuer.path() + ".";
						case LEASE, CONFIGURATION -> "Check that the PKI engine is mounted at '"
								+ PoolPropertiesValidator.path(name, "tls.client-certificate.vault.mount") + "', that '"
								+ role + "' names a role of it, and that the role allows the certificate's common name.";
					}, ex);
		}
		return source;
	}

	private VaultOperations operations(String name, String key, String what, String otherwise) {
		VaultOperations operations = this.vault.getIfAvailable();
		if (operations != null) {
			return operations;
		}
		if (!ClassUtils.isPresent(SPRING_CLOUD_VAULT, this.classLoader)) {
			throw VaultCredentialSourceFactory.springCloudVaultMissing(name, key, what);
		}
		String property = PoolPropertiesValidator.path(name, key);
		throw new InvalidPoolConfigurationException(property,
				"Pool '" + name + "' " + what + " (" + property
						+ "=vault), but the application has no Vault client: Spring Cloud Vault is not configured"
						+ " or spring.cloud.vault.enabled is false.",
				"Configure Vault under spring.cloud.vault.* (uri, authentication and its settings, such as "
						+ "spring.cloud.vault.app-role.role-id), or set " + property + "=" + otherwise + ".");
	}

	/**
	 * Checks the one thing a short lease can make unsafe. connmgmt replaces a lease at
	 * {@code rotate-at} of its time to live and retires the old lease's connections by
	 * generation as soon as they are returned, so max-lifetime plays no part; what must fit
	 * between the rotation and the end of the lease is the work that borrowed a connection
	 * just before the rotation. Its bound is the request limit, when the pool has one.
	 */
	private void checkDrainWindow(String name, PoolProperties pool, Duration ttl, RotationTiming timing,
			VaultCredentialSource source) {
		CredentialsProperties.Vault settings = pool.getCredentials().getVault();
		if (PoolConfigurationBinder.isWritten(this.environment, name, "credentials.vault.lifetime-margin")) {
			logger.warn("Property '{}' has no effect: pool '{}' retires the connections of replaced Vault credentials by "
					+ "generation, so max-lifetime need not be shorter than the lease. Remove it.",
					PoolPropertiesValidator.path(name, "credentials.vault.lifetime-margin"), name);
		}
		Duration request = pool.getTimeouts().getRequest();
		Duration window = ttl.minus(timing.actAfter(ttl));
		if (request == null || request.compareTo(window) <= 0) {
			return;
		}
		String rotateAt = PoolPropertiesValidator.path(name, "credentials.vault.rotate-at");
		String requestPath = PoolPropertiesValidator.path(name, "timeouts.request");
		ConfigurationProblems problems = ConfigurationProblems.of(this.environment);
		problems.violated(ValidationRule.DRAIN_WITHIN_LEASE, rotateAt, "Pool '" + name
				+ "' replaces its Vault credentials at " + Math.round(settings.getRotateAt() * 100) + "% of their "
				+ PoolPropertiesValidator.print(ttl) + " lease ('" + rotateAt + "'), which leaves "
				+ PoolPropertiesValidator.print(window) + " for work that started on the old credentials, but '"
				+ requestPath + "' lets a request run " + PoolPropertiesValidator.print(request)
				+ ": such work could lose its session when Vault revokes the old lease.",
				"Lower '" + rotateAt + "' so that at least " + PoolPropertiesValidator.print(request)
						+ " of the lease is left after rotating, shorten '" + requestPath
						+ "', or raise the default_ttl of role '" + settings.getRole() + "' in Vault.");
		if (!problems.isEmpty()) {
			source.close();
			problems.throwIfAny();
		}
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
