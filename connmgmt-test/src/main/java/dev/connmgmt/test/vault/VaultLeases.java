package dev.connmgmt.test.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leases as Vault keeps them: each has a TTL, renewals extend it from now but never past the
 * lease's max TTL from its issue, and an expired or revoked lease runs its revocation.
 */
final class VaultLeases {

	private final Map<String, Lease> leases = new ConcurrentHashMap<>();

	Lease issue(String id, Duration ttl, Duration maxTtl, Runnable revocation) {
		Instant now = Instant.now();
		Lease lease = new Lease(id, now, now.plus(ttl), now.plus(maxTtl), ttl, revocation);
		this.leases.put(id, lease);
		return lease;
	}

	Lease find(String id) {
		return this.leases.get(id);
	}

	Lease renew(String id, Duration increment) {
		Lease lease = this.leases.get(id);
		if (lease == null) {
			return null;
		}
		Instant wanted = Instant.now().plus((increment != null && !increment.isZero()) ? increment : lease.ttl());
		Instant expires = wanted.isAfter(lease.maxExpiry()) ? lease.maxExpiry() : wanted;
		Lease renewed = new Lease(id, lease.issued(), expires, lease.maxExpiry(), lease.ttl(), lease.revocation());
		this.leases.put(id, renewed);
		return renewed;
	}

	boolean revoke(String id) {
		Lease lease = this.leases.remove(id);
		if (lease == null) {
			return false;
		}
		lease.revocation().run();
		return true;
	}

	void revokeExpired() {
		Instant now = Instant.now();
		List<String> expired = new ArrayList<>();
		this.leases.forEach((id, lease) -> {
			if (!lease.expires().isAfter(now)) {
				expired.add(id);
			}
		});
		expired.forEach(this::revoke);
	}

	void revokeAll() {
		new ArrayList<>(this.leases.keySet()).forEach(this::revoke);
	}

	/**
	 * One lease.
	 */
	record Lease(String id, Instant issued, Instant expires, Instant maxExpiry, Duration ttl, Runnable revocation) {

		long secondsLeft() {
			return Math.max(0, Duration.between(Instant.now(), this.expires).toSeconds());
		}

	}

}
