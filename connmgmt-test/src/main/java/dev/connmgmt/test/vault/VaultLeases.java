package dev.connmgmt.test.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases as Vault keeps them: each remembers the token that created it and has a TTL,
 * renewals extend it from now by the increment (or the lease's own TTL) but never past the
 * lease's max TTL from its issue, and an expired or revoked lease runs its revocation. A
 * revocation that fails keeps the lease and is retried a second later, as Vault retries
 * failed revocations.
 */
final class VaultLeases {

	/**
	 * Vault's default system max TTL (and default TTL) of 768 hours, used where a role or
	 * token sets none.
	 */
	static final Duration SYSTEM_MAX_TTL = Duration.ofHours(768);

	private static final Duration RETRY = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(VaultLeases.class);

	private final Map<String, Lease> leases = new ConcurrentHashMap<>();

	private final Map<String, Lease> forgotten = new ConcurrentHashMap<>();

	static Duration capToSystemMax(Duration maxTtl) {
		return (maxTtl.isZero() || maxTtl.compareTo(SYSTEM_MAX_TTL) > 0) ? SYSTEM_MAX_TTL : maxTtl;
	}

	static Duration defaultTtl(Duration ttl, Duration maxTtl) {
		Duration wanted = ttl.isZero() ? SYSTEM_MAX_TTL : ttl;
		return (wanted.compareTo(maxTtl) > 0) ? maxTtl : wanted;
	}

	/**
	 * Register a lease.
	 * @param id the lease id
	 * @param owner the accessor of the token that created it, whose revocation revokes it
	 * @param ttl its TTL
	 * @param maxTtl its max TTL
	 * @param revocation what revoking it does
	 * @param renewal what renewing it does, given the new expiry
	 * @return the lease
	 */
	Lease issue(String id, String owner, Duration ttl, Duration maxTtl, Runnable revocation,
			Consumer<Instant> renewal) {
		Instant now = Instant.now();
		Lease lease = new Lease(id, owner, now, now.plus(ttl), now.plus(maxTtl), ttl, revocation, renewal);
		this.leases.put(id, lease);
		return lease;
	}

	/**
	 * Return a live lease.
	 * @param id the lease id
	 * @return the lease, or {@code null} if it does not exist or has expired
	 */
	Lease find(String id) {
		Lease lease = this.leases.get(id);
		return (lease != null && lease.expires().isAfter(Instant.now())) ? lease : null;
	}

	/**
	 * Renew a lease as Vault does: by the increment, or by the lease's TTL without one, capped
	 * so that it ends no later than its max TTL after its issue. The lease's renewal (the
	 * renew statements) runs first; the lease is extended only if it succeeded.
	 * @param id the lease id
	 * @param increment the wanted TTL from now, {@code null} or zero for the lease's TTL
	 * @return the renewed lease, its new TTL and Vault's warnings
	 */
	Renewal renew(String id, Duration increment) {
		Lease lease = this.leases.get(id);
		Instant now = Instant.now();
		if (lease == null) {
			throw new VaultException(400, "lease not found");
		}
		if (!lease.expires().isAfter(now)) {
			throw new VaultException(400, "lease expired");
		}
		List<String> warnings = new ArrayList<>();
		Duration ttl = capped(now, (increment != null && !increment.isZero()) ? increment : lease.ttl(), lease.issued(),
				lease.maxExpiry(), warnings);
		Instant expires = now.plus(ttl);
		lease.renewal().accept(expires);
		Lease renewed = this.leases.computeIfPresent(id, (key, current) -> current.expiringAt(expires));
		if (renewed == null) {
			throw new VaultException(400, "lease not found");
		}
		return new Renewal(renewed, ttl, warnings);
	}

	/**
	 * Cap a wanted TTL so that it ends no later than the max expiry, as Vault's
	 * {@code CalculateTTL} does, adding Vault's warning when it caps.
	 * @param now the time of the renewal
	 * @param wanted the wanted TTL
	 * @param issued when the lease or token was issued
	 * @param maxExpiry when its max TTL ends
	 * @param warnings where to add the warning
	 * @return the TTL to grant
	 */
	static Duration capped(Instant now, Duration wanted, Instant issued, Instant maxExpiry, List<String> warnings) {
		Duration left = Duration.between(now, maxExpiry);
		if (left.isNegative() || left.isZero()) {
			throw new VaultException(400, "past the max TTL, cannot renew");
		}
		if (wanted.compareTo(left) > 0) {
			warnings.add(cappedWarning(wanted, Duration.between(issued, maxExpiry)));
			return left;
		}
		return wanted;
	}

	static String cappedWarning(Duration wanted, Duration maxTtl) {
		return "TTL of \"" + go(wanted) + "\" exceeded the effective max_ttl of \"" + go(maxTtl)
				+ "\"; TTL value is capped accordingly";
	}

	/**
	 * Revoke a lease now.
	 * @param id the lease id
	 * @return whether the lease existed
	 * @throws VaultException if its revocation failed; the lease is kept and retried
	 */
	boolean revoke(String id) {
		Lease lease = this.leases.remove(id);
		if (lease == null) {
			return false;
		}
		try {
			lease.revocation().run();
			return true;
		}
		catch (RuntimeException ex) {
			retryLater(lease);
			throw new VaultException(500, "failed to revoke entry: " + ex.getMessage());
		}
	}

	/**
	 * Revoke every lease past its expiry; a failed revocation is logged and retried.
	 */
	void revokeExpired() {
		Instant now = Instant.now();
		List<Lease> expired = new ArrayList<>();
		this.leases.forEach((id, lease) -> {
			if (!lease.expires().isAfter(now)) {
				expired.add(lease);
			}
		});
		for (Lease lease : expired) {
			if (this.leases.remove(lease.id(), lease)) {
				revokeOrRetry(lease);
			}
		}
	}

	/**
	 * Revoke every lease created with a token, as Vault does when the token is revoked or
	 * expires; a failed revocation is logged and retried.
	 * @param owner the token's accessor
	 */
	void revokeOwnedBy(String owner) {
		for (Lease lease : new ArrayList<>(this.leases.values())) {
			Lease removed = lease.owner().equals(owner) ? this.leases.remove(lease.id()) : null;
			if (removed != null) {
				revokeOrRetry(removed);
			}
		}
	}

	/**
	 * Forget every lease without revoking it, as a Vault restored from an old backup has:
	 * the credentials keep working, but their leases can no longer be renewed, looked up or
	 * revoked, and nothing expires them.
	 * @return how many leases were forgotten
	 */
	int forgetAll() {
		int forgotten = 0;
		for (String id : new ArrayList<>(this.leases.keySet())) {
			Lease lease = this.leases.remove(id);
			if (lease != null) {
				this.forgotten.put(id, lease);
				forgotten++;
			}
		}
		return forgotten;
	}

	/**
	 * Revoke every lease, the forgotten ones too, so that nothing outlives the server.
	 */
	void revokeAll() {
		forgetAll();
		for (String id : new ArrayList<>(this.forgotten.keySet())) {
			Lease lease = this.forgotten.remove(id);
			if (lease != null) {
				runQuietly(lease);
			}
		}
	}

	int count() {
		return this.leases.size();
	}

	private void revokeOrRetry(Lease lease) {
		if (!runQuietly(lease)) {
			retryLater(lease);
		}
	}

	private void retryLater(Lease lease) {
		this.leases.putIfAbsent(lease.id(), lease.expiringAt(Instant.now().plus(RETRY)));
	}

	private static boolean runQuietly(Lease lease) {
		try {
			lease.revocation().run();
			return true;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not revoke lease {}: {}", lease.id(), ex.getMessage());
			return false;
		}
	}

	static String go(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + "m" + (seconds % 60) + "s";
		}
		return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m" + (seconds % 60) + "s";
	}

	/**
	 * One lease.
	 */
	record Lease(String id, String owner, Instant issued, Instant expires, Instant maxExpiry, Duration ttl,
			Runnable revocation, Consumer<Instant> renewal) {

		Lease expiringAt(Instant expires) {
			return new Lease(this.id, this.owner, this.issued, expires, this.maxExpiry, this.ttl, this.revocation,
					this.renewal);
		}

		long secondsLeft() {
			return Durations.secondsUntil(this.expires);
		}

	}

	/**
	 * A renewed lease.
	 */
	record Renewal(Lease lease, Duration ttl, List<String> warnings) {
	}

}
