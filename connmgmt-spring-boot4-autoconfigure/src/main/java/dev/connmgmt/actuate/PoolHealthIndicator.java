package dev.connmgmt.actuate;

import dev.connmgmt.internal.health.PoolHealth;
import dev.connmgmt.internal.health.PoolHealthCheck;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Spring Boot 4.1's view of one pool's {@link PoolHealthCheck}.
 */
class PoolHealthIndicator extends AbstractHealthIndicator {

	private final PoolHealthCheck check;

	PoolHealthIndicator(PoolHealthCheck check) {
		super("Pool health check failed");
		this.check = check;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		PoolHealth health = this.check.check();
		builder.status(health.status().name()).withDetails(health.details());
	}

}
