package dev.connmgmt.autoconfigure;

import dev.connmgmt.credentials.CredentialSource;

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

}
