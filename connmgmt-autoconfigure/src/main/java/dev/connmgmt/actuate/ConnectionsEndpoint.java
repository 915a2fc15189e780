package dev.connmgmt.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.connmgmt.credentials.CredentialStatus;
import dev.connmgmt.credentials.Credentials;
import dev.connmgmt.lifecycle.PoolSizeAdvice;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.PoolAutoscaler;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/connections}: every pool's state, sizes, connections now, key settings
 * (secrets masked), credentials, circuit breaker and autoscaler; {@code /{pool}} for one
 * (404 for a pool that does not exist). Reading never creates anything.
 *
 * @since 0.1.0
 */
@Endpoint(id = "connections")
public class ConnectionsEndpoint {

	private final Map<String, ManagedDataSource> pools;

	private final Function<String, PoolAutoscaler> autoscalers;

	private final Function<String, List<PoolSizeAdvice>> advice;

	private final Function<ManagedDataSource, Map<String, Object>> breakers;

	private final Function<String, Map<String, Object>> retries;

	private final Function<String, Map<String, String>> derived;

	/**
	 * Create the endpoint.
	 * @param pools the pools
	 * @param autoscalers a pool's autoscaler, or {@code null}
	 * @param advice the advice given for a pool
	 * @param transactions the work of the pools ({@code ConnmgmtTransactions}), or
	 * {@code null}
	 * @param derived the settings of a pool the user did not write and connmgmt derived from
	 * those written: setting name to value and reason
	 */
	public ConnectionsEndpoint(List<ManagedDataSource> pools, Function<String, PoolAutoscaler> autoscalers,
			Function<String, List<PoolSizeAdvice>> advice, Object transactions,
			Function<String, Map<String, String>> derived) {
		this(pools, autoscalers, advice, BreakerDescriptions::describe,
				(name) -> BreakerDescriptions.describeRetry(transactions, name), derived);
	}

	ConnectionsEndpoint(List<ManagedDataSource> pools, Function<String, PoolAutoscaler> autoscalers,
			Function<String, List<PoolSizeAdvice>> advice, Function<ManagedDataSource, Map<String, Object>> breakers,
			Function<String, Map<String, Object>> retries, Function<String, Map<String, String>> derived) {
		this.pools = new LinkedHashMap<>();
		pools.forEach((pool) -> this.pools.put(pool.getName(), pool));
		this.autoscalers = autoscalers;
		this.advice = advice;
		this.breakers = breakers;
		this.retries = retries;
		this.derived = derived;
	}

	/**
	 * Describe every pool.
	 * @return the pools by name
	 */
	@ReadOperation
	public Map<String, Map<String, PoolDescriptor>> connections() {
		Map<String, PoolDescriptor> pools = new LinkedHashMap<>();
		this.pools.forEach((name, pool) -> pools.put(name, describe(pool)));
		return Map.of("pools", pools);
	}

	/**
	 * Describe one pool.
	 * @param name the pool's name
	 * @return its description, or {@code null} (404) when no pool has that name
	 */
	@ReadOperation
	public PoolDescriptor pool(@Selector String name) {
		ManagedDataSource pool = this.pools.get(name);
		return (pool != null) ? describe(pool) : null;
	}

	ManagedDataSource find(String name) {
		return this.pools.get(name);
	}

	PoolDescriptor describe(ManagedDataSource pool) {
		HikariDataSource hikari = pool.getHikariDataSource();
		HikariConfigMXBean config = hikari.getHikariConfigMXBean();
		Map<String, Integer> connections = null;
		if (pool.isRunning()) {
			HikariPoolMXBean now = hikari.getHikariPoolMXBean();
			connections = new LinkedHashMap<>();
			connections.put("active", now.getActiveConnections());
			connections.put("idle", now.getIdleConnections());
			connections.put("total", now.getTotalConnections());
			connections.put("pending", now.getThreadsAwaitingConnection());
		}
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("url", pool.getConnectionFactory().getRedactedUrl());
		Credentials credentials = pool.getConnectionFactory().getCredentialSource().current();
		settings.put("username", credentials.username());
		settings.put("connectionTimeout", config.getConnectionTimeout() + "ms");
		settings.put("idleTimeout", config.getIdleTimeout() + "ms");
		settings.put("maxLifetime", config.getMaxLifetime() + "ms");
		settings.put("validationTimeout", config.getValidationTimeout() + "ms");
		settings.put("keepaliveTime", hikari.getKeepaliveTime() + "ms");
		settings.put("leakDetectionThreshold", config.getLeakDetectionThreshold() + "ms");
		Map<String, String> derived = this.derived.apply(pool.getName());
		if (!derived.isEmpty()) {
			settings.put("derived", derived);
		}
		Map<String, Object> credentialSource = new LinkedHashMap<>();
		CredentialStatus status = pool.getConnectionFactory().getCredentialSource().status();
		credentialSource.put("source", status.type());
		credentialSource.put("generation", status.generation());
		if (status.lease() != null) {
			credentialSource.put("lease", status.lease());
		}
		Duration left = status.timeLeft(Instant.now());
		if (left != null) {
			credentialSource.put("leaseTimeLeft", left.toMillis() + "ms");
		}
		if (status.lastRotation() != null) {
			credentialSource.put("lastRotation", status.lastRotation().toString());
		}
		if (status.nextRotation() != null) {
			credentialSource.put("nextRotation", status.nextRotation().toString());
		}
		if (status.problem() != null) {
			credentialSource.put("problem", status.problem());
		}
		if (status.nextRotation() != null || status.failedAttempts() > 0) {
			credentialSource.put("failedAttempts", status.failedAttempts());
		}
		PoolAutoscaler autoscaler = this.autoscalers.apply(pool.getName());
		Map<String, Object> autoscale = null;
		if (autoscaler != null) {
			autoscale = new LinkedHashMap<>();
			autoscale.put("max", autoscaler.getSettings().max());
			autoscale.put("scaleUps", autoscaler.scaleUps());
			autoscale.put("scaleDowns", autoscaler.scaleDowns());
		}
		List<String> advice = this.advice.apply(pool.getName()).stream().map(PoolSizeAdvice::message).toList();
		return new PoolDescriptor(state(pool), pool.isLazy(), config.getMinimumIdle(), config.getMaximumPoolSize(),
				connections, settings, credentialSource, this.breakers.apply(pool), this.retries.apply(pool.getName()),
				autoscale, advice);
	}

	private static String state(ManagedDataSource pool) {
		if (pool.isDraining()) {
			return "draining";
		}
		if (pool.isClosed()) {
			return "closed";
		}
		if (!pool.isRunning()) {
			return "not started";
		}
		return pool.isSuspended() ? "suspended" : "running";
	}

}
