package dev.connmgmt.autoconfigure;

import dev.connmgmt.pool.ManagedPools;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.core.VaultOperations;

/**
 * Vault credential sources for pools with {@code credentials.source: vault}, on the
 * application's Spring Cloud Vault client.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConnmgmtAutoConfiguration.class)
@ConditionalOnClass(VaultOperations.class)
@ConditionalOnBean(ManagedPools.class)
public class ConnmgmtVaultAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(VaultCredentialSourceFactory.class)
	VaultCredentialSources connmgmtVaultCredentialSources(ObjectProvider<VaultOperations> vault,
			ObjectProvider<SessionManager> sessions, Environment environment, ResourceLoader resourceLoader) {
		return new VaultCredentialSources(vault, sessions, environment, resourceLoader.getClassLoader());
	}

}
