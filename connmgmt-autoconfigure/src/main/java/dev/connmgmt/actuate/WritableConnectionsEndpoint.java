package dev.connmgmt.actuate;

import java.util.List;
import java.util.Map;
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
 * only: an unknown pool is a 404 and nothing is created.
 *
 * @since 0.1.0
 */
public class WritableConnectionsEndpoint extends ConnectionsEndpoint {

	/**
	 * Create the endpoint.
	 * @param pools the pools
	 * @param autoscalers a pool's autoscaler, or {@code null}
	 * @param advice the advice given for a pool
	 * @param transactions the work of the pools ({@code ConnmgmtTransactions}), or
	 * {@code null}
	 */
	public WritableConnectionsEndpoint(List<ManagedDataSource> pools, Function<String, PoolAutoscaler> autoscalers,
			Function<String, List<PoolSizeAdvice>> advice, Object transactions) {
		super(pools, autoscalers, advice, transactions);
	}

	/**
	 * Act on a pool.
	 * @param name the pool's name
	 * @param action soft-evict, suspend, resume or rotate-credentials
	 * @return the pool's description after the action; 404 for an unknown pool, 400 for an
	 * unknown action, 409 when the pool cannot do it now
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

	private static WebEndpointResponse<Object> conflict(String message) {
		return new WebEndpointResponse<>(Map.of("error", message), 409);
	}

}
