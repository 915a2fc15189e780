package dev.connmgmt.testing;

import java.util.Map;
import java.util.Set;

import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.ApplicationContext;

/**
 * Reads Spring Boot 3.5's health endpoint.
 */
public final class BootHealth {

	private BootHealth() {
	}

	/**
	 * Return what the health endpoint reports for a path, or {@code null} if nothing is
	 * there.
	 */
	public static HealthView of(ApplicationContext context, String... path) {
		HealthComponent health = context.getBean(HealthEndpoint.class).healthForPath(path);
		if (health == null) {
			return null;
		}
		Map<String, Object> details = (health instanceof Health indicator) ? indicator.getDetails() : Map.of();
		Set<String> components = (health instanceof CompositeHealth composite) ? composite.getComponents().keySet()
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
