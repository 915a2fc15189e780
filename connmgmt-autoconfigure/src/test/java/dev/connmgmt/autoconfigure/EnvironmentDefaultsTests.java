package dev.connmgmt.autoconfigure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults connmgmt switches in an application's environment: each applies while
 * connmgmt is on, and none is left behind by {@code connmgmt.enabled=false}, so that such
 * an application starts as it would without connmgmt.
 */
class EnvironmentDefaultsTests {

	private static final Map<String, Object> APPLICATION = Map.of("connmgmt.pools.orders.url",
			"jdbc:postgresql://localhost/orders", "connmgmt.endpoint.write-operations-enabled", "true",
			"management.endpoint.health.probes.enabled", "true");

	private final List<ConnmgmtEnvironmentPostProcessor> defaults = List.of(new VaultClientDefaults(),
			new EndpointAccessDefaults(), new ConnectionsHealthDefaults(), new DataSourceObservationDefaults());

	@Test
	void connmgmtOnSwitchesItsDefaults() {
		StandardEnvironment environment = environment(APPLICATION);
		apply(environment);
		assertThat(environment.getProperty("spring.cloud.vault.enabled")).isEqualTo("false");
		assertThat(environment.getProperty(EndpointAccessDefaults.ACCESS)).isEqualTo("unrestricted");
		assertThat(environment.getProperty("management.health.db.enabled")).isEqualTo("false");
	}

	@Test
	void connmgmtDisabledLeavesTheEnvironmentAsTheApplicationWroteIt() {
		Map<String, Object> disabled = new HashMap<>(APPLICATION);
		disabled.put("connmgmt.enabled", "false");
		StandardEnvironment environment = environment(disabled);
		List<String> before = names(environment);
		apply(environment);
		assertThat(names(environment)).isEqualTo(before);
		assertThat(environment.getProperty("spring.cloud.vault.enabled")).isNull();
		assertThat(environment.getProperty(EndpointAccessDefaults.ACCESS)).isNull();
	}

	private void apply(StandardEnvironment environment) {
		SpringApplication application = new SpringApplication();
		this.defaults.forEach((defaults) -> defaults.postProcessEnvironment(environment, application));
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
		return environment;
	}

	private static List<String> names(StandardEnvironment environment) {
		return environment.getPropertySources().stream().map(PropertySource::getName).toList();
	}

}
