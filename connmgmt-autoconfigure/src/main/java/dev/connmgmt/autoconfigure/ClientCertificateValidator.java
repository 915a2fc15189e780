package dev.connmgmt.autoconfigure;

import java.util.Map;

import dev.connmgmt.internal.security.PostgresTlsSettings;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;

/**
 * Refuses client certificate settings that cannot work: a Vault role that is not named, a
 * certificate without a login user, a database other than PostgreSQL (connmgmt hands the
 * certificate to PgJDBC), or an {@code sslfactory} of the user's, as a driver property or a
 * URL parameter, that would replace the one that presents it.
 */
final class ClientCertificateValidator {

	private static final String SSL_FACTORY = "sslfactory";

	private ClientCertificateValidator() {
	}

	static void validate(String name, PoolProperties pool, ClientCertificateProperties certificate,
			ConfigurationProblems problems) {
		if (certificate.getSource() == ClientCertificateProperties.Source.NONE) {
			return;
		}
		String source = PoolPropertiesValidator.path(name, "tls.client-certificate.source");
		ClientCertificateProperties.Vault vault = certificate.getVault();
		if (vault.getRole() == null || vault.getRole().isBlank()) {
			String property = PoolPropertiesValidator.path(name, "tls.client-certificate.vault.role");
			problems.add(new InvalidPoolConfigurationException(property,
					"Property '" + property + "' is not set, but pool '" + name
							+ "' logs in with a client certificate from Vault (" + source + "=vault).",
					"Set '" + property + "' to the PKI engine role that issues the pool's certificates."));
		}
		if (vault.getMount() == null || vault.getMount().isBlank()) {
			String property = PoolPropertiesValidator.path(name, "tls.client-certificate.vault.mount");
			problems.add(new InvalidPoolConfigurationException(property, "Property '" + property + "' is empty.",
					"Set '" + property + "' to the mount path of the PKI secrets engine; pki is the default."));
		}
		if (!(vault.getRotateAt() > 0 && vault.getRotateAt() < 1)) {
			String property = PoolPropertiesValidator.path(name, "tls.client-certificate.vault.rotate-at");
			problems.add(new InvalidPoolConfigurationException(property,
					"Property '" + property + "' is " + vault.getRotateAt() + ", outside 0 to 1 exclusive.",
					"Set '" + property + "' to the fraction of a certificate's lifetime at which it is replaced, "
							+ "such as 0.7."));
		}
		if (commonName(pool, certificate) == null) {
			String property = PoolPropertiesValidator.path(name, "tls.client-certificate.vault.common-name");
			problems.add(new InvalidPoolConfigurationException(property,
					"Pool '" + name + "' logs in with a client certificate, but neither '" + property + "' nor '"
							+ PoolPropertiesValidator.path(name, "username") + "' names the login user.",
					"Set '" + PoolPropertiesValidator.path(name, "username")
							+ "' to the database user; the certificate's common name defaults to it."));
		}
		if (pool.getUrl() != null && !pool.getUrl().startsWith("jdbc:postgresql:")) {
			String property = PoolPropertiesValidator.path(name, "url");
			problems.add(new InvalidPoolConfigurationException(source,
					"Pool '" + name + "' logs in with a client certificate (" + source
							+ "), which connmgmt hands to the PostgreSQL driver only, but '" + property
							+ "' is not a jdbc:postgresql: URL.",
					"Use a jdbc:postgresql: URL, or set " + source + "=none."));
		}
		if (pool.getDataSourceProperties().containsKey(SSL_FACTORY)) {
			String property = PoolPropertiesValidator.path(name, "data-source-properties." + SSL_FACTORY);
			problems.add(new InvalidPoolConfigurationException(property,
					"Property '" + property + "' is set, but pool '" + name
							+ "' presents its client certificate through connmgmt's own SSL socket factory ("
							+ source + ").",
					"Remove '" + property + "'; server verification follows sslmode and sslrootcert."));
		}
		if (PostgresTlsSettings.isPostgres(pool.getUrl()) && PostgresTlsSettings.of(pool.getUrl(), Map.of())
			.written()
			.stream()
			.anyMatch((setting) -> setting.inUrl() && SSL_FACTORY.equals(setting.key()))) {
			String property = PoolPropertiesValidator.path(name, "url");
			problems.add(new InvalidPoolConfigurationException(property,
					"Property '" + property + "' names an sslfactory, but pool '" + name
							+ "' presents its client certificate through connmgmt's own SSL socket factory ("
							+ source + "), which a URL parameter would replace.",
					"Remove the sslfactory parameter from '" + property
							+ "'; server verification follows sslmode and sslrootcert."));
		}
	}

	/**
	 * Return the certificate's common name, which is the login user.
	 */
	static String commonName(PoolProperties pool, ClientCertificateProperties certificate) {
		String commonName = certificate.getVault().getCommonName();
		if (commonName != null && !commonName.isBlank()) {
			return commonName;
		}
		return (pool.getUsername() != null && !pool.getUsername().isBlank()) ? pool.getUsername() : null;
	}

}
