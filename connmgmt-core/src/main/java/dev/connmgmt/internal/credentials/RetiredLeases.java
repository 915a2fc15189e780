package dev.connmgmt.internal.credentials;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.connmgmt.credentials.ConnectionCensus;
import dev.connmgmt.credentials.Secrets;
import dev.connmgmt.internal.events.PoolEvents;
import org.slf4j.event.Level;

/**
 * The leases of credentials that are no longer current, kept until the last connection
 * opened with them has closed and then revoked, when revoking is on; those Vault expires
 * first are forgotten. Used on the rotation loop's thread only.
 */
final class RetiredLeases {

	private final String pool;

	private final VaultDatabaseCredentials vault;

	private final boolean revoke;

	private final Clock clock;

	private final ScheduledExecutorService loop;

	private final List<Retired> retired = new ArrayList<>();

	private volatile ConnectionCensus census = (generation) -> 0;

	private ScheduledFuture<?> check;

	RetiredLeases(String pool, VaultDatabaseCredentials vault, boolean revoke, Clock clock,
			ScheduledExecutorService loop) {
		this.pool = pool;
		this.vault = vault;
		this.revoke = revoke;
		this.clock = clock;
		this.loop = loop;
	}

	void track(ConnectionCensus census) {
		this.census = census;
	}

	/**
	 * Keep a lease whose credentials were replaced until their last connection closed.
	 * @param leaseId the lease
	 * @param expires when Vault expires it, or {@code null}
	 * @param generation the generation its connections carry
	 */
	void add(String leaseId, Instant expires, long generation) {
		this.retired.add(new Retired(leaseId, expires, generation));
		if (this.check == null || this.check.isDone()) {
			this.check = this.loop.scheduleWithFixedDelay(this::revokeDrained, 250, 250, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Revoke every retired lease and the given current one, when revoking is on.
	 * @param current the current lease, or {@code null}
	 */
	void revokeAll(String current) {
		if (!this.revoke) {
			return;
		}
		List<String> leases = new ArrayList<>();
		this.retired.forEach((old) -> leases.add(old.leaseId()));
		leases.add(current);
		leases.stream().filter((id) -> id != null).forEach((id) -> revoke(id, "closed"));
	}

	private void revokeDrained() {
		Instant now = this.clock.instant();
		this.retired.removeIf((old) -> {
			if (old.expires() != null && !now.isBefore(old.expires())) {
				return true;
			}
			if (this.census.openConnections(old.generation()) > 0) {
				return false;
			}
			if (this.revoke) {
				revoke(old.leaseId(), "drained");
			}
			return true;
		});
		if (this.retired.isEmpty() && this.check != null) {
			this.check.cancel(false);
		}
	}

	private void revoke(String leaseId, String reason) {
		try {
			this.vault.revoke(leaseId);
			PoolEvents.log(Level.INFO, "lease.revoked", "pool", this.pool, "lease", Secrets.fingerprint(leaseId),
					"reason", reason);
		}
		catch (VaultCallException ex) {
			// Vault revokes it at its expiry anyway
			PoolEvents.log(Level.WARN, "lease.revoke.failed", "pool", this.pool, "lease", Secrets.fingerprint(leaseId),
					"reason", ex.getMessage());
		}
	}

	/**
	 * A lease whose credentials are no longer current, with the generation its connections
	 * carry.
	 */
	private record Retired(String leaseId, Instant expires, long generation) {
	}

}
