package dev.connmgmt.compat.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator's health as Spring Boot 3.5 exposes it, for the tests that both Spring Boot
 * lines share: Spring Boot 4 moved the health API to {@code org.springframework.boot.health},
 * so the shared tests read health only through this class, which has a twin of the same
 * name in connmgmt-spring-boot4-compatibility-tests.
 */
final class ActuatorHealth {

	/**
	 * The code of the {@code UP} status.
	 */
	static final String UP = Status.UP.getCode();

	private final HealthEndpoint endpoint;

	private final HealthContributorRegistry contributors;

	private ActuatorHealth(HealthEndpoint endpoint, HealthContributorRegistry contributors) {
		this.endpoint = endpoint;
		this.contributors = contributors;
	}

	static ActuatorHealth of(ApplicationContext context) {
		return new ActuatorHealth(context.getBean(HealthEndpoint.class),
				context.getBean(HealthContributorRegistry.class));
	}

	/**
	 * The status code of the application's health.
	 */
	String status() {
		return this.endpoint.health().getStatus().getCode();
	}

	/**
	 * The status code of the health at a path, such as {@code db}; {@code null} when there
	 * is no such health.
	 */
	String status(String path) {
		HealthComponent health = this.endpoint.healthForPath(path);
		return (health != null) ? health.getStatus().getCode() : null;
	}

	/**
	 * The names of the components of the application's health, which must be composite.
	 */
	Set<String> components() {
		HealthComponent health = this.endpoint.health();
		assertThat(health).isInstanceOf(CompositeHealth.class);
		return ((CompositeHealth) health).getComponents().keySet();
	}

	/**
	 * The type of each registered health contributor, by name.
	 */
	Map<String, Class<?>> contributorTypes() {
		Map<String, Class<?>> types = new LinkedHashMap<>();
		this.contributors
			.forEach((contributor) -> types.put(contributor.getName(), contributor.getContributor().getClass()));
		return types;
	}

}
