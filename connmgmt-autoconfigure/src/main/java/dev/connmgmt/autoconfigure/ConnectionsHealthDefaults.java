package dev.connmgmt.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults, each overridden by any setting of the application: the {@code connections}
 * health joins the readiness group when probes are on (never liveness), and, for
 * applications that configure {@code connmgmt.pools}, Spring Boot's {@code db} indicator,
 * which borrows pooled connections, steps aside for it. An application configured with
 * {@code spring.datasource.*} only keeps its {@code db} indicator, as it had.
 */
class ConnectionsHealthDefaults implements ConnmgmtEnvironmentPostProcessor {

	private static final String READINESS = "management.endpoint.health.group.readiness.include";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!ConnmgmtProperties.isEnabled(environment)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (hasPools(environment)) {
			defaults.put("management.health.db.enabled", "false");
		}
		boolean probes = environment.getProperty("management.endpoint.health.probes.enabled", Boolean.class,
				ConnectionsHealthAutoConfiguration.PROBES_BY_DEFAULT) || CloudPlatform.KUBERNETES.isActive(environment);
		if (probes && isConnectionsHealthEnabled(environment) && !environment.containsProperty(READINESS)) {
			defaults.put(READINESS, "readinessState,connections");
		}
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource("connmgmtHealthDefaults", defaults));
		}
	}

	/**
	 * Whether the {@code connections} indicator is on, as Spring Boot's
	 * {@code @ConditionalOnEnabledHealthIndicator} decides, and its auto-configuration not
	 * excluded by {@code spring.autoconfigure.exclude}: naming it in a group where it does not
	 * exist would stop startup. (An exclusion on an annotation is not visible this early; such
	 * an application names its readiness members itself.)
	 */
	private static boolean isConnectionsHealthEnabled(ConfigurableEnvironment environment) {
		if (Binder.get(environment)
			.bind("spring.autoconfigure.exclude", Bindable.listOf(String.class))
			.orElse(List.of())
			.contains(ConnectionsHealthAutoConfiguration.class.getName())) {
			return false;
		}
		Boolean enabled = environment.getProperty("management.health.connections.enabled", Boolean.class);
		return (enabled != null) ? enabled
				: environment.getProperty("management.health.defaults.enabled", Boolean.class, true);
	}

	private static boolean hasPools(ConfigurableEnvironment environment) {
		ConfigurationPropertyName pools = ConfigurationPropertyName.of(PoolConfigurationBinder.POOLS_PREFIX);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable
					&& iterable.filter(pools::isAncestorOf).stream().findAny().isPresent()) {
				return true;
			}
		}
		return false;
	}

}
