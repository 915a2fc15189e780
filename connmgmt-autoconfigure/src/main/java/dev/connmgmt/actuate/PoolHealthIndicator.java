package dev.connmgmt.actuate;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.connmgmt.credentials.CredentialStatus;
import dev.connmgmt.pool.AcquisitionGuard;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.PoolSaturation;
import dev.connmgmt.resilience.CircuitBreakerAcquisitionGuard;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.util.ClassUtils;

/**
 * Health of one pool, without borrowing from it: the pool's own numbers, its circuit
 * breaker, and a probe on a connection of its own opened through the pool's connection
 * factory, bounded by a short timeout. So health answers in time even when every pooled
 * connection is busy (spring-boot#19047), and a lazy pool that has not started is reported
 * as such rather than DOWN. An optional pool whose database is out reports UP, degraded,
 * with the outage in its details, so it does not take readiness down.
 *
 * @since 0.1.0
 */
public class PoolHealthIndicator extends AbstractHealthIndicator {

	private static final boolean RESILIENCE4J_PRESENT = ClassUtils.isPresent(
			"io.github.resilience4j.circuitbreaker.CircuitBreaker", PoolHealthIndicator.class.getClassLoader());

	private final ManagedDataSource pool;

	private final boolean optional;

	private final Duration timeout;

	private final ExecutorService probes;

	/**
	 * Create the health indicator of a pool.
	 * @param pool the pool
	 * @param optional whether the pool's outage degrades rather than fails the application
	 * @param timeout longest time a probe may take
	 * @param probes where probes run, so that a hung database cannot hold the caller
	 */
	public PoolHealthIndicator(ManagedDataSource pool, boolean optional, Duration timeout, ExecutorService probes) {
		super("Pool health check failed");
		this.pool = pool;
		this.optional = optional;
		this.timeout = timeout;
		this.probes = probes;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		builder.withDetail("optional", this.optional);
		if (this.pool.isDraining()) {
			builder.outOfService().withDetail("state", "draining");
			return;
		}
		if (!this.pool.isRunning()) {
			builder.up().withDetail("state", this.pool.isClosed() ? "closed" : "not started");
			return;
		}
		builder.withDetail("state", "running");
		HikariPoolMXBean numbers = this.pool.getHikariDataSource().getHikariPoolMXBean();
		builder.withDetail("active", numbers.getActiveConnections())
			.withDetail("idle", numbers.getIdleConnections())
			.withDetail("total", numbers.getTotalConnections())
			.withDetail("pending", numbers.getThreadsAwaitingConnection())
			.withDetail("maximumPoolSize", this.pool.getHikariDataSource().getHikariConfigMXBean().getMaximumPoolSize());
		PoolSaturation saturation = this.pool.getSaturation();
		if (saturation.last() != null) {
			builder.withDetail("saturated", saturation.isSaturated(Instant.now()))
				.withDetail("saturationTimeouts", saturation.timeouts())
				.withDetail("lastSaturation", saturation.last().toString());
		}
		String breaker = breakerState(this.pool.getGuard());
		if (breaker != null) {
			builder.withDetail("circuitBreaker", breaker);
		}
		CredentialStatus credentials = this.pool.getConnectionFactory().getCredentialSource().status();
		Duration left = credentials.timeLeft(Instant.now());
		if (left != null) {
			builder.withDetail("credentialsExpireIn", left.toSeconds() + "s");
		}
		if (credentials.lastRotation() != null) {
			builder.withDetail("credentialsGeneration", credentials.generation())
				.withDetail("lastRotation", credentials.lastRotation().toString());
		}
		String outage;
		if ("OPEN".equals(breaker) || "FORCED_OPEN".equals(breaker)) {
			outage = "circuit breaker is " + breaker;
		}
		else if (credentials.atRisk()) {
			outage = "credentials expire in " + ((left != null) ? left.toMillis() + "ms" : "moments")
					+ " and could not be replaced: " + credentials.problem();
		}
		else {
			outage = probe();
		}
		if (outage == null) {
			builder.up();
		}
		else if (this.optional) {
			builder.up().withDetail("degraded", true).withDetail("outage", outage);
		}
		else {
			builder.down().withDetail("outage", outage);
		}
	}

	private String probe() {
		long started = System.nanoTime();
		Future<Boolean> probe;
		try {
			probe = this.probes.submit(() -> {
				try (Connection connection = this.pool.getConnectionFactory().getConnection()) {
					return connection.isValid((int) Math.max(1, this.timeout.toSeconds()));
				}
			});
		}
		catch (RejectedExecutionException ex) {
			return "earlier probes of the database have not returned yet";
		}
		try {
			boolean valid = probe.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			return valid ? null : "the database did not answer a validation";
		}
		catch (TimeoutException ex) {
			probe.cancel(true);
			return "the database did not answer within " + this.timeout.toMillis() + "ms";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
		catch (Exception ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return cause.getClass().getSimpleName() + ": " + cause.getMessage() + " (after "
					+ Duration.ofNanos(System.nanoTime() - started).toMillis() + "ms)";
		}
	}

	private static String breakerState(AcquisitionGuard guard) {
		if (RESILIENCE4J_PRESENT && guard instanceof CircuitBreakerAcquisitionGuard breaker) {
			return breaker.getBreaker().getState().name();
		}
		return null;
	}

}
