package dev.connmgmt.autoconfigure;

import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;

/**
 * Creates the Vault credential source of a pool with {@code credentials.source=vault}. A
 * bean only when Spring Vault is on the classpath; its interface names no Vault type, so
 * that the pool factory loads without Vault.
 *
 * @since 0.1.0
 */
interface VaultCredentialSourceFactory {

	/**
	 * Create the source and read its first credentials.
	 * @param name the pool's name
	 * @param pool the pool's properties
	 * @return the started source
	 */
	CredentialSource create(String name, PoolProperties pool);

	/**
	 * Add client certificates from Vault's PKI engine to a pool's credentials, and issue
	 * the first one.
	 * @param name the pool's name
	 * @param pool the pool's properties
	 * @param certificate the pool's client certificate settings
	 * @param base the source of the pool's username and any password
	 * @return the started source
	 */
	CredentialSource withClientCertificate(String name, PoolProperties pool, ClientCertificateProperties certificate,
			CredentialSource base);

	/**
	 * Return the failure of a pool that reads its credentials from Vault in an application
	 * without Spring Cloud Vault, which connmgmt-starter does not bring.
	 * @param name the pool's name
	 * @return the exception to throw
	 */
	static InvalidPoolConfigurationException springCloudVaultMissing(String name) {
		return springCloudVaultMissing(name, "credentials.source", "reads its credentials from Vault");
	}

	/**
	 * Return the failure of a pool that takes something from Vault in an application without
	 * Spring Cloud Vault.
	 * @param name the pool's name
	 * @param key the property that names Vault, under the pool
	 * @param what what the pool takes from Vault, for the message
	 * @return the exception to throw
	 */
	static InvalidPoolConfigurationException springCloudVaultMissing(String name, String key, String what) {
		String property = PoolPropertiesValidator.path(name, key);
		return new InvalidPoolConfigurationException(property,
				"Pool '" + name + "' " + what + " (" + property
						+ "=vault), but Spring Cloud Vault is not on the classpath.",
				"Add the dependency org.springframework.cloud:spring-cloud-starter-vault-config to the application and"
						+ " configure Vault under spring.cloud.vault.*, or set " + property
						+ (key.startsWith("tls.") ? "=none." : "=static."));
	}

}
