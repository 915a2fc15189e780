package dev.connmgmt.autoconfigure;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps the deprecated {@code connmgmt.endpoint.write-operations-enabled=true} working: it
 * grants the {@code connections} endpoint unrestricted access, as
 * {@code management.endpoint.connections.access=unrestricted} now does in Spring Boot's
 * endpoint access model. Any setting of that property wins.
 */
class EndpointAccessDefaults implements ConnmgmtEnvironmentPostProcessor {

	static final String DEPRECATED_SWITCH = ConnmgmtProperties.PREFIX + ".endpoint.write-operations-enabled";

	static final String ACCESS = "management.endpoint.connections.access";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (ConnmgmtProperties.isEnabled(environment)
				&& environment.getProperty(DEPRECATED_SWITCH, Boolean.class, false)
				&& !environment.containsProperty(ACCESS)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("connmgmtEndpointAccess", Map.of(ACCESS, "unrestricted")));
		}
	}

}
