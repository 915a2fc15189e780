package dev.connmgmt.test.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.connmgmt.test.secrets.IssuedSecrets;

import dev.connmgmt.test.vault.VaultRequest.Operation;

/**
 * Vault's AppRole auth method at one mount: roles with a role ID, secret IDs with their own
 * TTL and number of uses, and a login that needs no token and answers an orphan token with
 * the role's TTL, max TTL and policies - the way an application logs in again after its
 * token died.
 */
final class AppRoleAuth {

	private static final String INVALID = "invalid role or secret ID";

	private final String mount;

	private final VaultTokens tokens;

	private final Map<String, Role> roles = new ConcurrentHashMap<>();

	private final Map<String, SecretId> secretIds = new ConcurrentHashMap<>();

	AppRoleAuth(String mount, VaultTokens tokens) {
		this.mount = mount;
		this.tokens = tokens;
	}

	/**
	 * Answer a call under {@code auth/<mount>/}.
	 * @param request the call
	 * @param path the segments after the mount
	 * @return the reply
	 */
	Reply route(VaultRequest request, List<String> path) {
		if (path.size() == 1 && path.get(0).equals("login")) {
			return VaultRouter.on(request, Map.of(Operation.WRITE, () -> login(request)));
		}
		if (path.size() == 2 && path.get(0).equals("role")) {
			String name = path.get(1);
			return VaultRouter.on(request, Map.of(Operation.WRITE, () -> write(name, request), Operation.READ,
					() -> read(name), Operation.DELETE, () -> delete(name)));
		}
		if (path.size() == 3 && path.get(0).equals("role") && path.get(2).equals("role-id")) {
			return VaultRouter.on(request,
					Map.of(Operation.READ, () -> Reply.data(Map.of("role_id", role(path.get(1)).roleId()))));
		}
		if (path.size() == 3 && path.get(0).equals("role") && path.get(2).equals("secret-id")) {
			return VaultRouter.on(request, Map.of(Operation.WRITE, () -> secretId(path.get(1), request)));
		}
		throw VaultException.noHandler(request.path());
	}

	private Reply write(String name, VaultRequest request) {
		this.roles.compute(name, (key, current) -> {
			Role role = (current != null) ? current : new Role(UUID.randomUUID().toString(), true, Duration.ZERO, 0,
					Duration.ZERO, Duration.ZERO, List.of());
			List<String> policies = request.has("token_policies") ? request.strings("token_policies")
					: request.has("policies") ? request.strings("policies") : role.tokenPolicies();
			Role updated = new Role(role.roleId(), request.bool("bind_secret_id", role.bindSecretId()),
					request.duration("secret_id_ttl", role.secretIdTtl()),
					request.number("secret_id_num_uses", role.secretIdNumUses()),
					request.duration("token_ttl", role.tokenTtl()),
					request.duration("token_max_ttl", role.tokenMaxTtl()), VaultTokens.sanitize(policies, false));
			if (!updated.bindSecretId()) {
				throw new VaultException(400, "at least one constraint should be enabled on the role");
			}
			if (!updated.tokenMaxTtl().isZero() && updated.tokenTtl().compareTo(updated.tokenMaxTtl()) > 0) {
				throw new VaultException(400, "\"token_ttl\" value must be less than \"token_max_ttl\" value");
			}
			return updated;
		});
		return Reply.noContent();
	}

	private Reply read(String name) {
		Role role = this.roles.get(name);
		if (role == null) {
			return Reply.notFound();
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("bind_secret_id", role.bindSecretId());
		data.put("local_secret_ids", false);
		data.put("secret_id_bound_cidrs", null);
		data.put("secret_id_num_uses", role.secretIdNumUses());
		data.put("secret_id_ttl", role.secretIdTtl().toSeconds());
		data.put("token_bound_cidrs", List.of());
		data.put("token_explicit_max_ttl", 0);
		data.put("token_max_ttl", role.tokenMaxTtl().toSeconds());
		data.put("token_no_default_policy", false);
		data.put("token_num_uses", 0);
		data.put("token_period", 0);
		data.put("token_policies", role.tokenPolicies());
		data.put("token_ttl", role.tokenTtl().toSeconds());
		data.put("token_type", "default");
		return Reply.data(data);
	}

	private Reply delete(String name) {
		this.roles.remove(name);
		this.secretIds.values().removeIf((secretId) -> secretId.role().equals(name));
		return Reply.noContent();
	}

	private Reply secretId(String name, VaultRequest request) {
		Role role = role(name);
		Duration ttl = request.duration("ttl", Duration.ZERO);
		if (ttl.isZero() || (!role.secretIdTtl().isZero() && ttl.compareTo(role.secretIdTtl()) > 0)) {
			ttl = role.secretIdTtl();
		}
		int uses = request.number("num_uses", role.secretIdNumUses());
		Instant now = Instant.now();
		SecretId secretId = new SecretId(UUID.randomUUID().toString(), UUID.randomUUID().toString(), name,
				ttl.isZero() ? null : now.plus(ttl), uses);
		IssuedSecrets.record(secretId.value());
		this.secretIds.put(secretId.value(), secretId);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("secret_id", secretId.value());
		data.put("secret_id_accessor", secretId.accessor());
		data.put("secret_id_ttl", ttl.toSeconds());
		data.put("secret_id_num_uses", uses);
		return Reply.data(data);
	}

	private Reply login(VaultRequest request) {
		String roleId = request.text("role_id");
		if (roleId == null || roleId.isEmpty()) {
			throw new VaultException(400, "missing role_id");
		}
		String name = this.roles.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().roleId().equals(roleId))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow(() -> new VaultException(400, INVALID));
		Role role = this.roles.get(name);
		String secret = request.text("secret_id");
		if (secret == null || secret.isEmpty()) {
			throw new VaultException(400, "missing secret_id");
		}
		use(secret, name);
		List<String> warnings = new ArrayList<>();
		VaultToken token = this.tokens.login("auth/" + this.mount + "/login", this.mount, role.tokenPolicies(),
				Map.of("role_name", name), role.tokenTtl(), role.tokenMaxTtl(), warnings);
		return Reply.auth(token.auth(token.creationTtl()), warnings);
	}

	private void use(String secret, String role) {
		SecretId[] used = new SecretId[1];
		this.secretIds.computeIfPresent(secret, (key, secretId) -> {
			if (secretId.expires() != null && !secretId.expires().isAfter(Instant.now())) {
				return null;
			}
			if (!secretId.role().equals(role)) {
				return secretId;
			}
			used[0] = secretId;
			return switch (secretId.usesLeft()) {
				case 0 -> secretId;
				case 1 -> null;
				default -> secretId.used();
			};
		});
		if (used[0] == null) {
			throw new VaultException(400, INVALID);
		}
	}

	private Role role(String name) {
		Role role = this.roles.get(name);
		if (role == null) {
			throw new VaultException(400, "role \"" + name + "\" does not exist");
		}
		return role;
	}

	record Role(String roleId, boolean bindSecretId, Duration secretIdTtl, int secretIdNumUses, Duration tokenTtl,
			Duration tokenMaxTtl, List<String> tokenPolicies) {
	}

	/**
	 * A secret ID; {@code usesLeft} 0 means unlimited.
	 */
	record SecretId(String value, String accessor, String role, Instant expires, int usesLeft) {

		SecretId used() {
			return new SecretId(this.value, this.accessor, this.role, this.expires, this.usesLeft - 1);
		}

		@Override
		public String toString() {
			return "SecretId[accessor=" + this.accessor + ", role=" + this.role + ", value=******]";
		}

	}

}
