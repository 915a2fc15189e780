package dev.connmgmt.test.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service token as Vault keeps it. A token without an expiry (the root token) never
 * expires and cannot be renewed.
 *
 * @param id the token itself, a secret
 * @param accessor its accessor, which names it without granting anything
 * @param parent the accessor of the token that created it, {@code null} for an orphan
 * @param policies its policies
 * @param path the path that created it, such as {@code auth/token/create}
 * @param displayName its display name
 * @param meta its metadata
 * @param issued when it was created
 * @param creationTtl the TTL it was created with, and renewed by without an increment
 * @param explicitMaxTtl the explicit max TTL it was created with, zero for none
 * @param maxExpiry the time past which no renewal can take it, {@code null} for never
 * @param expires when it expires, {@code null} for never
 * @param renewable whether it may be renewed
 */
record VaultToken(String id, String accessor, String parent, List<String> policies, String path,
		String displayName, Map<String, String> meta, Instant issued, Duration creationTtl, Duration explicitMaxTtl,
		Instant maxExpiry, Instant expires, boolean renewable) {

	boolean expiring() {
		return this.expires != null;
	}

	boolean expiredAt(Instant now) {
		return this.expires != null && !this.expires.isAfter(now);
	}

	boolean root() {
		return this.policies.contains("root");
	}

	VaultToken expiringAt(Instant expires) {
		return new VaultToken(this.id, this.accessor, this.parent, this.policies, this.path, this.displayName,
				this.meta, this.issued, this.creationTtl, this.explicitMaxTtl, this.maxExpiry, expires, this.renewable);
	}

	/**
	 * Return what {@code auth/token/lookup-self} answers in {@code data}.
	 * @return the token's properties
	 */
	Map<String, Object> lookup() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("accessor", this.accessor);
		data.put("creation_time", this.issued.getEpochSecond());
		data.put("creation_ttl", this.creationTtl.toSeconds());
		data.put("display_name", this.displayName);
		data.put("entity_id", "");
		data.put("expire_time", Durations.time(this.expires));
		data.put("explicit_max_ttl", this.explicitMaxTtl.toSeconds());
		data.put("id", this.id);
		data.put("issue_time", Durations.time(this.issued));
		data.put("meta", this.meta.isEmpty() ? null : this.meta);
		data.put("num_uses", 0);
		data.put("orphan", this.parent == null);
		data.put("path", this.path);
		data.put("policies", this.policies);
		data.put("renewable", this.renewable);
		data.put("ttl", expiring() ? Durations.secondsUntil(this.expires) : 0);
		data.put("type", "service");
		return data;
	}

	/**
	 * Return the {@code auth} block of a login, a creation or a renewal.
	 * @param ttl the TTL just granted
	 * @return the block
	 */
	Map<String, Object> auth(Duration ttl) {
		Map<String, Object> auth = new LinkedHashMap<>();
		auth.put("client_token", this.id);
		auth.put("accessor", this.accessor);
		auth.put("policies", this.policies);
		auth.put("token_policies", this.policies);
		auth.put("metadata", this.meta.isEmpty() ? null : this.meta);
		auth.put("lease_duration", ttl.toSeconds());
		auth.put("renewable", this.renewable);
		auth.put("entity_id", "");
		auth.put("token_type", "service");
		auth.put("orphan", this.parent == null);
		auth.put("mfa_requirement", null);
		auth.put("num_uses", 0);
		return auth;
	}

	@Override
	public String toString() {
		return "VaultToken[accessor=" + this.accessor + ", policies=" + this.policies + ", id=******]";
	}

}
