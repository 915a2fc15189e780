package dev.connmgmt.actuate;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What {@code /actuator/connections} says of one pool. Secrets never appear: the URL is
 * redacted and no password is included.
 *
 * @param state running, not started, suspended, draining or closed
 * @param lazy whether the pool starts on first use
 * @param minimumIdle configured minimum idle connections
 * @param maximumPoolSize maximum size now (an autoscaled pool changes it)
 * @param connections the connections now, when the pool runs
 * @param settings key settings
 * @param credentials where the credentials come from and their rotation
 * @param circuitBreaker the breaker guarding acquisition, when there is one
 * @param retry the retry of idempotent work, when there is one
 * @param autoscaler the autoscaler's state, when the pool sizes itself
 * @param advice the pool-size advice given at startup
 * @param privileges the least-privilege audit of the login role, when it was audited
 * @param tls the pool's TLS mode and what its session was found to be
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolDescriptor(String state, boolean lazy, int minimumIdle, int maximumPoolSize, Connections connections,
		Settings settings, CredentialsState credentials, CircuitBreaker circuitBreaker, Retry retry,
		Autoscaler autoscaler, List<String> advice, Privileges privileges, Tls tls) {

	/**
	 * The pool's TLS: the mode it must keep ({@code tls.mode}, written or derived) and, once
	 * the pool has started, what the server said of one of its sessions
	 * ({@code pg_stat_ssl}).
	 *
	 * @param mode off, require or verify-full
	 * @param inUse whether the session is encrypted; absent until a session was checked
	 * @param protocol the TLS protocol version, such as TLSv1.3, when in use
	 * @param cipher the cipher suite, when in use
	 * @param problem why the session breaks the mode, while it does
	 * @param note why the session could not be checked
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Tls(String mode, Boolean inUse, String protocol, String cipher, String problem, String note) {
	}

	/**
	 * What the login role may do beyond using the data, as audited at startup.
	 *
	 * @param role the role audited: for a Vault pool, the role Vault issued
	 * @param audited whether the audit ran (PostgreSQL only)
	 * @param findings each right the role should not have, as {@code code: what it allows};
	 * empty for a least-privileged role
	 * @param note why the audit did not run
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Privileges(String role, boolean audited, List<String> findings, String note) {
	}

	/**
	 * The pool's connections now.
	 *
	 * @param active in use
	 * @param idle open and free
	 * @param total open
	 * @param pending callers waiting for one
	 */
	public record Connections(int active, int idle, int total, int pending) {
	}

	/**
	 * Key settings as the pool runs with them, durations in milliseconds.
	 *
	 * @param url the JDBC URL, its secrets redacted
	 * @param username the user the pool logs in as now
	 * @param connectionTimeout how long a caller waits for a connection
	 * @param idleTimeout how long a connection above minimum-idle may stay idle
	 * @param maxLifetime how long a connection lives
	 * @param validationTimeout how long an aliveness test may take
	 * @param keepaliveTime how often an idle connection is kept alive
	 * @param leakDetectionThreshold how long a borrowed connection may be held unreported
	 * @param derived the settings not written that were derived from those written, each
	 * with its value and what it came from; absent when none was
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Settings(String url, String username, String connectionTimeout, String idleTimeout,
			String maxLifetime, String validationTimeout, String keepaliveTime, String leakDetectionThreshold,
			Map<String, String> derived) {
	}

	/**
	 * Where the pool's credentials come from and how they rotate. Never a secret: a lease is
	 * a short hash of its id.
	 *
	 * @param source static, file or vault
	 * @param generation the credentials' generation, raised by each rotation
	 * @param lease a hash of the current lease's id, when there is a lease
	 * @param leaseTimeLeft the time the credentials still have, when they expire
	 * @param lastRotation when they were last replaced, if ever
	 * @param nextRotation when they are renewed or replaced next, when scheduled
	 * @param problem the latest problem, while there is one
	 * @param failedAttempts consecutive failed renewals or rotations, when rotation is
	 * scheduled or has failed
	 * @param clientCertificate the TLS client certificate the pool logs in with, when it
	 * has one
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record CredentialsState(String source, long generation, String lease, String leaseTimeLeft,
			String lastRotation, String nextRotation, String problem, Long failedAttempts,
			ClientCertificateState clientCertificate) {
	}

	/**
	 * The TLS client certificate of the current credentials. Never the certificate itself
	 * or its key.
	 *
	 * @param commonName the subject's common name: the login user
	 * @param serialNumber the serial number, as colon-separated hex bytes, as Vault lists it
	 * @param notAfter when it expires
	 */
	public record ClientCertificateState(String commonName, String serialNumber, String notAfter) {
	}

	/**
	 * The circuit breaker guarding acquisition.
	 *
	 * @param name its name in Resilience4j's registry
	 * @param state CLOSED, OPEN, HALF_OPEN, ...
	 * @param failureRate the failure rate in percent, -1 until enough calls were recorded
	 * @param bufferedCalls calls in the sliding window
	 * @param failedCalls failed calls in the sliding window
	 * @param notPermittedCalls calls refused while open
	 */
	public record CircuitBreaker(String name, String state, float failureRate, int bufferedCalls, int failedCalls,
			long notPermittedCalls) {
	}

	/**
	 * The retry of idempotent work.
	 *
	 * @param name its name in Resilience4j's registry
	 * @param maxAttempts attempts, the first included
	 * @param successfulWithoutRetry calls that succeeded at once
	 * @param successfulWithRetry calls that succeeded after a retry
	 * @param failedWithoutRetry calls that failed without a retry
	 * @param failedWithRetry calls that failed after their retries
	 */
	public record Retry(String name, int maxAttempts, long successfulWithoutRetry, long successfulWithRetry,
			long failedWithoutRetry, long failedWithRetry) {
	}

	/**
	 * The autoscaler of a pool that sizes itself.
	 *
	 * @param max the size it never exceeds
	 * @param scaleUps times it grew the pool
	 * @param scaleDowns times it shrank the pool
	 */
	public record Autoscaler(int max, long scaleUps, long scaleDowns) {
	}

}
