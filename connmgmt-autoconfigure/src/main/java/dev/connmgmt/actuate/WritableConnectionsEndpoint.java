package dev.connmgmt.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.connmgmt.lifecycle.PoolSizeAdvice;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.PoolAutoscaler;

import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/connections} with its write operations, exposed only when
 * {@code connmgmt.endpoint.write-operations-enabled=true}: POST
 * {@code /actuator/connections/{pool}} with {@code {"action": "soft-evict"}},
 * {@code suspend}, {@code resume} or {@code rotate-credentials}. They act on existing pools
 * only: an unknown pool is a 404 and nothing is created. {@code rotate-credentials} asks
 * the credential source for new credentials (for Vault, a new lease and database role), so
 * it is taken at most once per {@link #ROTATION_INTERVAL} per pool; a call sooner is a 429
 * that says when to retry and changes nothing.
 *
 * @since 0.1.0
 */
public class WritableConnectionsEndpoint extends ConnectionsEndpoint {

	/**
	 * Shortest time between two {@code rotate-credentials} actions on the same pool.
	 */
	public static final Duration ROTATION_INTERVAL = Duration.ofSeconds(5);

	private static final int STATUS_TOO_MANY_REQUESTS = 429;

	private final Map<String, Long> lastRotations = new ConcurrentHashMap<>();

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
	public WritableConnectionsEndpoint(List<ManagedDataSource> pools, Function<String, PoolAutoscaler> autoscalers,
			Function<String, List<PoolSizeAdvice>> advice, Object transactions,
			Function<String, Map<String, String>> derived) {
		super(pools, autoscalers, advice, transactions, derived);
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
					if (!pool.getConnectionFactory().getCredentialSource().refresh()) {
						return conflict("Pool '" + name + "' has " + pool.getConnectionFactory().getCredentialSource().type()
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

}
