package dev.connmgmt.testing;

import java.util.Map;
import java.util.Set;

import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.context.ApplicationContext;

/**
 * Reads Spring Boot 4.1's health endpoint.
 */
public final class BootHealth {

	private BootHealth() {
	}

	/**
	 * Return what the health endpoint reports for a path, or {@code null} if nothing is
	 * there.
	 */
	public static HealthView of(ApplicationContext context, String... path) {
		HealthDescriptor health = context.getBean(HealthEndpoint.class).healthForPath(path);
		if (health == null) {
			return null;
		}
		Map<String, Object> details = (health instanceof IndicatedHealthDescriptor indicator) ? indicator.getDetails() : Map.of();
		Set<String> components = (health instanceof CompositeHealthDescriptor composite) ? composite.getComponents().keySet()
				: Set.of();
		return new HealthView(health.getStatus().getCode(), details, components);
	}

	/**
	 * Return the whole health report, as the endpoint serialises it.
	 */
	public static Object whole(ApplicationContext context) {
		return context.getBean(HealthEndpoint.class).health();
	}

}
