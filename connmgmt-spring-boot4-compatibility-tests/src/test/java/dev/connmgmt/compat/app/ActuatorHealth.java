package dev.connmgmt.compat.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator's health as Spring Boot 4.1 exposes it, from
 * {@code org.springframework.boot.health}, for the tests that both Spring Boot lines share;
 * the twin of the class of the same name in connmgmt-compatibility-tests.
 */
final class ActuatorHealth {

	/**
	 * The code of the {@code UP} status.
	 */
	static final String UP = Status.UP.getCode();

	private final HealthEndpoint endpoint;

	private final HealthContributorRegistry contributors;

	private final ReactiveHealthContributorRegistry reactiveContributors;

	private ActuatorHealth(HealthEndpoint endpoint, HealthContributorRegistry contributors,
			ReactiveHealthContributorRegistry reactiveContributors) {
		this.endpoint = endpoint;
		this.contributors = contributors;
		this.reactiveContributors = reactiveContributors;
	}

	static ActuatorHealth of(ApplicationContext context) {
		return new ActuatorHealth(context.getBean(HealthEndpoint.class),
				context.getBean(HealthContributorRegistry.class),
				context.getBeanProvider(ReactiveHealthContributorRegistry.class).getIfAvailable());
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
		HealthDescriptor health = this.endpoint.healthForPath(path);
		return (health != null) ? health.getStatus().getCode() : null;
	}

	/**
	 * The names of the components of the application's health, which must be composite.
	 */
	Set<String> components() {
		HealthDescriptor health = this.endpoint.health();
		assertThat(health).isInstanceOf(CompositeHealthDescriptor.class);
		return ((CompositeHealthDescriptor) health).getComponents().keySet();
	}

	/**
	 * The type of each registered health contributor, by name. Spring Boot 3.5 adapts the
	 * reactive contributors into its one registry; Spring Boot 4.1 keeps them in a registry
	 * of their own, so they are read from there too.
	 */
	Map<String, Class<?>> contributorTypes() {
		Map<String, Class<?>> types = new LinkedHashMap<>();
		this.contributors.forEach((contributor) -> types.put(contributor.name(), contributor.contributor().getClass()));
		if (this.reactiveContributors != null) {
			this.reactiveContributors
				.forEach((contributor) -> types.put(contributor.name(), contributor.contributor().getClass()));
		}
		return types;
	}

}
