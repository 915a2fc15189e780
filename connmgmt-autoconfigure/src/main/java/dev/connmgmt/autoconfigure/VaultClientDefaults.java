package dev.connmgmt.autoconfigure;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Applications with Vault pools add Spring Cloud Vault, whose client starts with every
 * application and fails one that has no Vault token. So that an application that has it on
 * its classpath for another reason starts as before, the client is off by default unless
 * the application configures anything under {@code spring.cloud.vault} or a pool reads its
 * credentials from Vault. Any setting of {@code spring.cloud.vault.enabled} wins. Without
 * Spring Cloud Vault the default is inert, and with {@code connmgmt.enabled=false} it is not
 * applied.
 */
class VaultClientDefaults implements ConnmgmtEnvironmentPostProcessor {

	private static final ConfigurationPropertyName VAULT = ConfigurationPropertyName.of("spring.cloud.vault");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!ConnmgmtProperties.isEnabled(environment) || environment.containsProperty("spring.cloud.vault.enabled")
				|| configuresVault(environment)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource("connmgmtVaultDefaults", Map.of("spring.cloud.vault.enabled", "false")));
	}

	private static boolean configuresVault(ConfigurableEnvironment environment) {
		ConfigurationPropertyName connmgmt = ConfigurationPropertyName.of(ConnmgmtProperties.PREFIX);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			boolean found = iterable.filter((name) -> VAULT.isAncestorOf(name) || (connmgmt.isAncestorOf(name)
					&& name.getLastElement(ConfigurationPropertyName.Form.UNIFORM).equals("source")
					&& "vault".equalsIgnoreCase(String.valueOf(source.getConfigurationProperty(name).getValue()))))
				.stream()
				.findAny()
				.isPresent();
			if (found) {
				return true;
			}
		}
		return false;
	}

}
