package dev.connmgmt.internal.health;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.connmgmt.credentials.CredentialStatus;
import dev.connmgmt.internal.pool.AcquisitionGuard;
import dev.connmgmt.internal.pool.PoolSaturation;
import dev.connmgmt.internal.resilience.CircuitBreakerAcquisitionGuard;
import dev.connmgmt.internal.security.TlsStatus;
import dev.connmgmt.pool.ManagedDataSource;

import org.springframework.util.ClassUtils;

/**
 * Health of one pool, without borrowing from it: the pool's own numbers, its circuit
 * breaker, and a probe on a connection of its own opened through the pool's connection
 * factory, bounded by a short timeout. So health answers in time even when every pooled
 * connection is busy (spring-boot#19047), and a lazy pool that has not started is reported
 * as such rather than DOWN. Each pool has at most one probe in flight, and logs in for one
 * at most once per interval, reusing the latest result in between: frequent health calls
 * open no more connections, and a database that hangs a login holds only its own pool's
 * probe, which reports it DOWN once the timeout has passed, never the other pools'. An
 * optional pool whose database is out reports UP, degraded, with the outage in its
 * details, so it does not take readiness down. A pool whose session breaks its TLS policy
 * (unencrypted where TLS is required) is DOWN, optional or not: that is a fault of its
 * configuration, not an outage.
 */
public final class PoolHealthCheck {

	private static final boolean RESILIENCE4J_PRESENT = ClassUtils.isPresent(
			"io.github.resilience4j.circuitbreaker.CircuitBreaker", PoolHealthCheck.class.getClassLoader());

	private final ManagedDataSource pool;

	private final boolean optional;

	private final Duration timeout;

	private final Duration interval;

	private final Executor probes;

	private final AtomicReference<Probe> latest = new AtomicReference<>();

	private final Supplier<TlsStatus> tls;

	/**
	 * Create the health indicator of a pool.
	 * @param pool the pool
	 * @param optional whether the pool's outage degrades rather than fails the application
	 * @param timeout longest time a probe may take
	 * @param interval shortest time between two probes' logins; a probe's result is
	 * reused until then
	 * @param probes where probes run, so that a hung database cannot hold the caller; it
	 * is given at most one probe of this pool at a time
	 */
	PoolHealthCheck(ManagedDataSource pool, boolean optional, Duration timeout, Duration interval,
			Executor probes) {
		this(pool, optional, timeout, interval, probes, () -> null);
	}

	/**
	 * Create the health indicator of a pool whose TLS is checked.
	 * @param pool the pool
	 * @param optional whether the pool's outage degrades rather than fails the application
	 * @param timeout longest time a probe may take
	 * @param interval shortest time between two probes' logins
	 * @param probes where probes run
	 * @param tls the pool's TLS policy and the live check's outcome, or {@code null} when
	 * there is none; a session that breaks the policy makes the pool DOWN, optional or not
	 */
	PoolHealthCheck(ManagedDataSource pool, boolean optional, Duration timeout, Duration interval,
			Executor probes, Supplier<TlsStatus> tls) {
		this.tls = tls;
		this.pool = pool;
		this.optional = optional;
		this.timeout = timeout;
		this.interval = interval;
		this.probes = probes;
	}

	/**
	 * Work out the pool's health now. Waits at most the probe timeout.
	 * @return the pool's health
	 */
	public PoolHealth check() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("optional", this.optional);
		if (this.pool.isDraining()) {
			details.put("state", "draining");
			return new PoolHealth(PoolHealth.Status.OUT_OF_SERVICE, details);
		}
		if (!this.pool.isRunning()) {
			details.put("state", this.pool.isClosed() ? "closed" : "not started");
			return new PoolHealth(PoolHealth.Status.UP, details);
		}
		details.put("state", "running");
		HikariPoolMXBean numbers = this.pool.getHikariDataSource().getHikariPoolMXBean();
		details.put("active", numbers.getActiveConnections());
		details.put("idle", numbers.getIdleConnections());
		details.put("total", numbers.getTotalConnections());
		details.put("pending", numbers.getThreadsAwaitingConnection());
		details.put("maximumPoolSize", this.pool.getHikariDataSource().getHikariConfigMXBean().getMaximumPoolSize());
		PoolSaturation saturation = this.pool.getSaturation();
		if (saturation.last() != null) {
			details.put("saturated", saturation.isSaturated(Instant.now()));
			details.put("saturationTimeouts", saturation.timeouts());
			details.put("lastSaturation", saturation.last().toString());
		}
		String breaker = breakerState(this.pool.getGuard());
		if (breaker != null) {
			details.put("circuitBreaker", breaker);
		}
		CredentialStatus credentials = this.pool.getCredentialSource().status();
		Duration left = credentials.timeLeft(Instant.now());
		if (left != null) {
			details.put("credentialsExpireIn", left.toSeconds() + "s");
		}
		if (credentials.lastRotation() != null) {
			details.put("credentialsGeneration", credentials.generation());
			details.put("lastRotation", credentials.lastRotation().toString());
		}
		TlsStatus tls = this.tls.get();
		if (tls != null) {
			details.put("tls", tls.details());
			if (tls.problem() != null) {
				details.put("tlsProblem", tls.problem());
				if (tls.enforced()) {
					return new PoolHealth(PoolHealth.Status.DOWN, details);
				}
			}
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
			return new PoolHealth(PoolHealth.Status.UP, details);
		}
		details.put("outage", outage);
		if (this.optional) {
			details.put("degraded", true);
			return new PoolHealth(PoolHealth.Status.UP, details);
		}
		return new PoolHealth(PoolHealth.Status.DOWN, details);
	}

	/**
	 * Return the outage the latest probe found, or {@code null} if the database answered.
	 * A probe younger than the interval is reused rather than repeated; one still in flight
	 * is waited for until the timeout since it started, then reported as not answering, and
	 * no other probe of this pool starts until it returns.
	 */
	private String probe() {
		Probe latest = this.latest.get();
		long now = System.nanoTime();
		if (latest == null || (latest.outcome().isDone() && now - latest.started() >= this.interval.toNanos())) {
			Probe next = new Probe(now, new CompletableFuture<>());
			if (this.latest.compareAndSet(latest, next)) {
				start(next);
				latest = next;
			}
			else {
				latest = this.latest.get();
			}
		}
		long age = System.nanoTime() - latest.started();
		try {
			return latest.outcome().get(Math.max(0, this.timeout.toNanos() - age), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			return "the database did not answer within " + this.timeout.toMillis() + "ms (a probe has waited "
					+ Duration.ofNanos(age).toMillis() + "ms)";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
		catch (ExecutionException ex) {
			return ex.getCause().toString();
		}
	}

	private void start(Probe probe) {
		try {
			this.probes.execute(() -> probe.outcome().complete(login(probe.started())));
		}
		catch (RejectedExecutionException ex) {
			probe.outcome().complete("no thread was free to probe the database");
		}
	}

	private String login(long started) {
		try (Connection connection = this.pool.openProbe()) {
			return connection.isValid((int) Math.max(1, this.timeout.toSeconds())) ? null
					: "the database did not answer a validation";
		}
		catch (Exception ex) {
			return ex.getClass().getSimpleName() + ": " + ex.getMessage() + " (after "
					+ Duration.ofNanos(System.nanoTime() - started).toMillis() + "ms)";
		}
	}

	private record Probe(long started, CompletableFuture<String> outcome) {
	}

	private static String breakerState(AcquisitionGuard guard) {
		if (RESILIENCE4J_PRESENT && guard instanceof CircuitBreakerAcquisitionGuard breaker) {
			return breaker.getBreaker().getState().name();
		}
		return null;
	}

}
