package dev.connmgmt.test.vault;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.connmgmt.test.secrets.IssuedSecrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vault's token store: tokens with a TTL and a max TTL, renewals that never go past the
 * max TTL, and revocation (on request or at expiry) that takes the token's children and
 * every lease the token created with it.
 */
final class VaultTokens {

	private static final Logger logger = LoggerFactory.getLogger(VaultTokens.class);

	private static final SecureRandom random = new SecureRandom();

	private static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private final Map<String, VaultToken> tokens = new ConcurrentHashMap<>();

	private final Set<String> liveAccessors = ConcurrentHashMap.newKeySet();

	private final Consumer<String> revokeLeasesOf;

	/**
	 * Create a token store.
	 * @param revokeLeasesOf revokes every lease created with the token of an accessor
	 */
	VaultTokens(Consumer<String> revokeLeasesOf) {
		this.revokeLeasesOf = revokeLeasesOf;
	}

	VaultToken root(String id) {
		return store(new VaultToken(id, accessor(), null, List.of("root"), "auth/token/root", "root", Map.of(),
				Instant.now(), Duration.ZERO, Duration.ZERO, null, null, false));
	}

	/**
	 * Return a token that is alive.
	 * @param id the token
	 * @return the token, or {@code null} if it does not exist, was revoked or has expired
	 */
	VaultToken find(String id) {
		VaultToken token = (id != null) ? this.tokens.get(id) : null;
		return (token != null && !token.expiredAt(Instant.now())) ? token : null;
	}

	boolean isLive(String accessor) {
		return this.liveAccessors.contains(accessor);
	}

	/**
	 * Create a token as {@code auth/token/create} does, a child of the calling token unless
	 * {@code no_parent} is set by a root caller.
	 * @param parent the calling token
	 * @param sudo whether the calling token has root or sudo on {@code auth/token/create}
	 * @param request the call
	 * @param warnings where to add Vault's warnings
	 * @return the token
	 */
	VaultToken create(VaultToken parent, boolean sudo, VaultRequest request, List<String> warnings) {
		List<String> requested = request.strings("policies");
		boolean noDefault = request.bool("no_default_policy", false);
		List<String> policies;
		if (requested.isEmpty()) {
			policies = sanitize(parent.policies(), false);
		}
		else if (!sudo) {
			if (!sanitize(parent.policies(), false).containsAll(sanitize(requested, false))) {
				throw new VaultException(400, "child policies must be subset of parent");
			}
			policies = sanitize(requested, !noDefault && parent.policies().contains("default"));
		}
		else {
			policies = sanitize(requested, !noDefault);
		}
		if (noDefault) {
			policies = policies.stream().filter((policy) -> !policy.equals("default")).toList();
		}
		if (policies.contains("root") && !parent.root()) {
			throw new VaultException(400, "root tokens may not be created without parent token being root");
		}
		boolean orphan = request.bool("no_parent", false);
		if (orphan && !sudo) {
			throw new VaultException(400, "root or sudo privileges required to create orphan token");
		}
		Duration explicitMaxTtl = request.duration("explicit_max_ttl", Duration.ZERO);
		Duration ttl = request.duration("ttl", Duration.ZERO);
		Duration maxTtl = VaultLeases.capToSystemMax(explicitMaxTtl);
		if (!ttl.isZero() || !policies.contains("root")) {
			ttl = ttl.isZero() ? VaultLeases.SYSTEM_MAX_TTL : ttl;
			if (ttl.compareTo(maxTtl) > 0) {
				warnings.add(VaultLeases.cappedWarning(ttl, maxTtl));
				ttl = maxTtl;
			}
		}
		if (ttl.isZero() && !explicitMaxTtl.isZero()) {
			ttl = explicitMaxTtl;
		}
		boolean renewable = request.bool("renewable", true);
		if (ttl.isZero() && parent.expiring()) {
			throw new VaultException(400, "expiring root tokens cannot create non-expiring root tokens");
		}
		String displayName = request.has("display_name")
				? ("token-" + request.text("display_name")).replaceAll("[^a-zA-Z0-9-]", "-") : "token";
		return issue(orphan ? null : parent.accessor(), policies, "auth/token/create", displayName, Map.of(), ttl,
				maxTtl, explicitMaxTtl, renewable && !ttl.isZero());
	}

	/**
	 * Create the orphan token of a login to an auth method.
	 * @param path the login path
	 * @param displayName the display name
	 * @param policies the policies the method grants, {@code default} is added
	 * @param meta the metadata
	 * @param ttl the TTL, zero for the system default
	 * @param maxTtl the max TTL, zero for the system max
	 * @param warnings where to add Vault's warnings
	 * @return the token
	 */
	VaultToken login(String path, String displayName, List<String> policies, Map<String, String> meta, Duration ttl,
			Duration maxTtl, List<String> warnings) {
		Duration max = VaultLeases.capToSystemMax(maxTtl);
		Duration granted = ttl.isZero() ? VaultLeases.SYSTEM_MAX_TTL : ttl;
		if (granted.compareTo(max) > 0) {
			warnings.add(VaultLeases.cappedWarning(granted, max));
			granted = max;
		}
		return issue(null, sanitize(policies, true), path, displayName, meta, granted, max, Duration.ZERO, true);
	}

	/**
	 * Renew a token as {@code auth/token/renew-self} does: by the increment, or by the TTL
	 * it was created with, never past its max TTL.
	 * @param token the token
	 * @param increment the wanted TTL from now, {@code null} or zero for the creation TTL
	 * @param warnings where to add Vault's warnings
	 * @return the renewed token and the TTL granted
	 */
	Renewal renew(VaultToken token, Duration increment, List<String> warnings) {
		if (!token.expiring()) {
			throw new VaultException(400, "invalid lease ID");
		}
		if (!token.renewable()) {
			throw new VaultException(400, "lease is not renewable");
		}
		Duration[] granted = new Duration[1];
		VaultToken renewed = this.tokens.computeIfPresent(token.id(), (id, current) -> {
			Instant now = Instant.now();
			Duration wanted = (increment != null && !increment.isZero()) ? increment : current.creationTtl();
			granted[0] = VaultLeases.capped(now, wanted, current.issued(), current.maxExpiry(), warnings);
			return current.expiringAt(now.plus(granted[0]));
		});
		if (renewed == null) {
			throw VaultException.permissionDenied();
		}
		return new Renewal(renewed, granted[0]);
	}

	/**
	 * Revoke a token, its children and every lease it created, as Vault does on
	 * {@code revoke-self} and at the token's expiry.
	 * @param token the token
	 */
	void revoke(VaultToken token) {
		if (!this.liveAccessors.remove(token.accessor())) {
			return;
		}
		this.tokens.remove(token.id());
		for (VaultToken child : new ArrayList<>(this.tokens.values())) {
			if (token.accessor().equals(child.parent())) {
				revoke(child);
			}
		}
		this.revokeLeasesOf.accept(token.accessor());
	}

	/**
	 * Revoke every token past its expiry, with its children and leases.
	 */
	void revokeExpired() {
		Instant now = Instant.now();
		for (VaultToken token : new ArrayList<>(this.tokens.values())) {
			if (token.expiredAt(now)) {
				try {
					revoke(token);
				}
				catch (RuntimeException ex) {
					logger.warn("Could not revoke expired token {}: {}", token.accessor(), ex.getMessage());
				}
			}
		}
	}

	List<VaultToken> expiring() {
		return this.tokens.values().stream().filter(VaultToken::expiring).toList();
	}

	private VaultToken issue(String parent, List<String> policies, String path, String displayName,
			Map<String, String> meta, Duration ttl, Duration maxTtl, Duration explicitMaxTtl, boolean renewable) {
		Instant now = Instant.now();
		boolean expiring = !ttl.isZero();
		return store(new VaultToken("hvs." + random(24), accessor(), parent, policies, path, displayName,
				Map.copyOf(meta), now, ttl, explicitMaxTtl, expiring ? now.plus(maxTtl) : null,
				expiring ? now.plus(ttl) : null, renewable));
	}

	private VaultToken store(VaultToken token) {
		IssuedSecrets.record(token.id());
		this.liveAccessors.add(token.accessor());
		this.tokens.put(token.id(), token);
		return token;
	}

	/**
	 * Sanitize policies as Vault does: trimmed, lower case, unique, sorted, {@code default}
	 * added when asked, and {@code root} alone when present.
	 */
	static List<String> sanitize(List<String> policies, boolean addDefault) {
		Set<String> sanitized = new TreeSet<>();
		for (String policy : policies) {
			if (!policy.isBlank()) {
				sanitized.add(policy.trim().toLowerCase(Locale.ROOT));
			}
		}
		if (sanitized.contains("root")) {
			return List.of("root");
		}
		if (addDefault) {
			sanitized.add("default");
		}
		return List.copyOf(sanitized);
	}

	private static String accessor() {
		return random(24);
	}

	private static String random(int length) {
		StringBuilder value = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			value.append(BASE62.charAt(random.nextInt(BASE62.length())));
		}
		return value.toString();
	}

	/**
	 * A renewed token.
	 */
	record Renewal(VaultToken token, Duration ttl) {
	}

}
