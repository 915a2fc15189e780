package dev.connmgmt.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.connmgmt.credentials.ClientCertificate;
import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.credentials.CredentialStatus;
import dev.connmgmt.internal.security.PrivilegeReport;
import dev.connmgmt.internal.security.TlsReport;
import dev.connmgmt.internal.security.TlsStatus;
import dev.connmgmt.lifecycle.PoolSizeAdvice;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.PoolAutoscaler;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/connections}: every pool's state, sizes, connections now, key settings
 * (secrets masked), credentials, circuit breaker and autoscaler; {@code /{pool}} for one
 * (404 for a pool that does not exist). Reading never creates anything.
 * <p>
 * Access is read-only by default, in Spring Boot's endpoint access model. With
 * {@code management.endpoint.connections.access=unrestricted}, POST
 * {@code /actuator/connections/{pool}} with {@code {"action": "soft-evict"}},
 * {@code suspend}, {@code resume} or {@code rotate-credentials} acts on an existing pool
 * (an unknown pool is a 404 and nothing is created). {@code rotate-credentials} asks the
 * credential source for new credentials (for Vault, a new lease and database role), so it
 * is taken at most once per {@link #ROTATION_INTERVAL} per pool; a call sooner is a 429
 * that says when to retry and changes nothing.
 *
 * @since 0.1.0
 */
@Endpoint(id = "connections", defaultAccess = Access.READ_ONLY)
public class ConnectionsEndpoint {

	/**
	 * Shortest time between two {@code rotate-credentials} actions on the same pool.
	 */
	public static final Duration ROTATION_INTERVAL = Duration.ofSeconds(5);

	private static final int STATUS_TOO_MANY_REQUESTS = 429;

	private final Map<String, Long> lastRotations = new ConcurrentHashMap<>();

	private final Map<String, ManagedDataSource> pools;

	private final Function<String, PoolAutoscaler> autoscalers;

	private final Function<String, List<PoolSizeAdvice>> advice;

	private final Function<ManagedDataSource, PoolDescriptor.CircuitBreaker> breakers;

	private final Function<String, PoolDescriptor.Retry> retries;

	private final Function<String, Map<String, String>> derived;

	private final Function<String, PrivilegeReport> privileges;

	private final Function<String, TlsStatus> tls;

	/**
	 * Create the endpoint.
	 * @param pools the pools
	 * @param autoscalers a pool's autoscaler, or {@code null}
	 * @param advice the advice given for a pool
	 * @param transactions the work of the pools ({@code ConnmgmtTransactions}), or
	 * {@code null}
	 * @param derived the settings of a pool the user did not write and connmgmt derived from
	 * those written: setting name to value and reason
	 * @param privileges the audit of a pool's login role, or {@code null} when it was not
	 * audited
	 * @param tls a pool's TLS mode and what its session was found to be, or {@code null}
	 * when it has none
	 */
	public ConnectionsEndpoint(List<ManagedDataSource> pools, Function<String, PoolAutoscaler> autoscalers,
			Function<String, List<PoolSizeAdvice>> advice, Object transactions,
			Function<String, Map<String, String>> derived, Function<String, PrivilegeReport> privileges,
			Function<String, TlsStatus> tls) {
		this(pools, autoscalers, advice, BreakerDescriptions::describe,
				(name) -> BreakerDescriptions.describeRetry(transactions, name), derived, privileges, tls);
	}

	ConnectionsEndpoint(List<ManagedDataSource> pools, Function<String, PoolAutoscaler> autoscalers,
			Function<String, List<PoolSizeAdvice>> advice,
			Function<ManagedDataSource, PoolDescriptor.CircuitBreaker> breakers, Function<String, PoolDescriptor.Retry> retries,
			Function<String, Map<String, String>> derived, Function<String, PrivilegeReport> privileges,
			Function<String, TlsStatus> tls) {
		this.pools = new LinkedHashMap<>();
		pools.forEach((pool) -> this.pools.put(pool.getName(), pool));
		this.autoscalers = autoscalers;
		this.advice = advice;
		this.breakers = breakers;
		this.retries = retries;
		this.derived = derived;
		this.privileges = privileges;
		this.tls = tls;
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

	/**
	 * Act on a pool.
	 * @param name the pool's name
	 * @param action soft-evict, suspend, resume or rotate-credentials
	 * @return the pool's description after the action; 404 for an unknown pool, 400 for an
	 * unknown action, 409 when the pool cannot do it now, 429 when the pool's credentials
	 * were rotated less than {@link #ROTATION_INTERVAL} ago
	 */
	@WriteOperation
	public WebEndpointResponse<Object> act(@Selector String name, String action) {
		ManagedDataSource pool = find(name);
		if (pool == null) {
			return new WebEndpointResponse<>(Map.of("error", "No pool is named '" + name + "'"),
					WebEndpointResponse.STATUS_NOT_FOUND);
		}
		try {
			switch (action) {
				case "soft-evict" -> pool.softEvict();
				case "suspend" -> pool.suspend();
				case "resume" -> pool.resume();
				case "rotate-credentials" -> {
					Duration wait = reserveRotation(name);
					if (!wait.isZero()) {
						return tooSoon(name, wait);
					}
					if (!pool.getCredentialSource().refresh()) {
						return conflict("Pool '" + name + "' has " + pool.getCredentialSource().type()
								+ " credentials: there is nothing to rotate");
					}
				}
				default -> {
					return new WebEndpointResponse<>(Map.of("error", "Unknown action '" + action
							+ "'; use soft-evict, suspend, resume or rotate-credentials"), WebEndpointResponse.STATUS_BAD_REQUEST);
				}
			}
		}
		catch (IllegalStateException ex) {
			return conflict(ex.getMessage());
		}
		return new WebEndpointResponse<>(describe(pool));
	}

	/**
	 * Take the pool's rotation slot, or return how long until it is free again.
	 */
	private Duration reserveRotation(String name) {
		long now = System.nanoTime();
		long[] wait = { 0 };
		this.lastRotations.compute(name, (pool, last) -> {
			long since = (last != null) ? now - last : Long.MAX_VALUE;
			if (since < ROTATION_INTERVAL.toNanos()) {
				wait[0] = ROTATION_INTERVAL.toNanos() - since;
				return last;
			}
			return now;
		});
		return Duration.ofNanos(wait[0]);
	}

	private static WebEndpointResponse<Object> tooSoon(String name, Duration wait) {
		long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", "Pool '" + name + "' rotated its credentials less than " + ROTATION_INTERVAL.toSeconds()
				+ "s ago; nothing was changed. Retry in " + seconds + "s");
		body.put("retryAfterSeconds", seconds);
		return new WebEndpointResponse<>(body, STATUS_TOO_MANY_REQUESTS);
	}

	private static WebEndpointResponse<Object> conflict(String message) {
		return new WebEndpointResponse<>(Map.of("error", message), 409);
	}

	ManagedDataSource find(String name) {
		return this.pools.get(name);
	}

	PoolDescriptor describe(ManagedDataSource pool) {
		HikariDataSource hikari = pool.getHikariDataSource();
		HikariConfigMXBean config = hikari.getHikariConfigMXBean();
		PoolDescriptor.Connections connections = null;
		if (pool.isRunning()) {
			HikariPoolMXBean now = hikari.getHikariPoolMXBean();
			connections = new PoolDescriptor.Connections(now.getActiveConnections(), now.getIdleConnections(),
					now.getTotalConnections(), now.getThreadsAwaitingConnection());
		}
		CredentialSource source = pool.getCredentialSource();
		Map<String, String> derived = this.derived.apply(pool.getName());
		PoolDescriptor.Settings settings = new PoolDescriptor.Settings(pool.getRedactedUrl(),
				source.current().username(), config.getConnectionTimeout() + "ms", config.getIdleTimeout() + "ms",
				config.getMaxLifetime() + "ms", config.getValidationTimeout() + "ms", hikari.getKeepaliveTime() + "ms",
				config.getLeakDetectionThreshold() + "ms", derived.isEmpty() ? null : derived);
		CredentialStatus status = source.status();
		Duration left = status.timeLeft(Instant.now());
		boolean scheduled = status.nextRotation() != null || status.failedAttempts() > 0;
		PoolDescriptor.CredentialsState credentials = new PoolDescriptor.CredentialsState(status.type(),
				status.generation(), status.lease(), (left != null) ? left.toMillis() + "ms" : null,
				(status.lastRotation() != null) ? status.lastRotation().toString() : null,
				(status.nextRotation() != null) ? status.nextRotation().toString() : null, status.problem(),
				scheduled ? status.failedAttempts() : null, clientCertificate(source.current().clientCertificate()));
		PoolAutoscaler autoscaler = this.autoscalers.apply(pool.getName());
		PoolDescriptor.Autoscaler autoscale = (autoscaler != null) ? new PoolDescriptor.Autoscaler(
				autoscaler.getSettings().max(), autoscaler.scaleUps(), autoscaler.scaleDowns()) : null;
		List<String> advice = this.advice.apply(pool.getName()).stream().map(PoolSizeAdvice::message).toList();
		PrivilegeReport audit = this.privileges.apply(pool.getName());
		PoolDescriptor.Privileges privileges = (audit != null) ? new PoolDescriptor.Privileges(audit.role(),
				audit.audited(), audit.findings().stream().map((finding) -> finding.code() + ": " + finding.detail()).toList(),
				audit.note()) : null;
		return new PoolDescriptor(state(pool), pool.isLazy(), config.getMinimumIdle(), config.getMaximumPoolSize(),
				connections, settings, credentials, this.breakers.apply(pool), this.retries.apply(pool.getName()),
				autoscale, advice, privileges, describeTls(this.tls.apply(pool.getName())));
	}

	private static PoolDescriptor.Tls describeTls(TlsStatus status) {
		if (status == null) {
			return null;
		}
		TlsReport session = status.session();
		boolean checked = session != null && session.audited();
		return new PoolDescriptor.Tls(status.mode(), checked ? session.inUse() : null,
				checked ? session.protocol() : null, checked ? session.cipher() : null, status.problem(),
				(session != null && !session.audited()) ? session.note() : null);
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

	private static PoolDescriptor.ClientCertificateState clientCertificate(ClientCertificate certificate) {
		if (certificate == null) {
			return null;
		}
		byte[] serial = certificate.serialNumber().toByteArray();
		StringBuilder hex = new StringBuilder();
		for (int i = (serial.length > 1 && serial[0] == 0) ? 1 : 0; i < serial.length; i++) {
			hex.append((hex.length() > 0) ? ":" : "").append(HexFormat.of().toHexDigits(serial[i]));
		}
		return new PoolDescriptor.ClientCertificateState(certificate.commonName(), hex.toString(),
				certificate.notAfter().toString());
	}

}
