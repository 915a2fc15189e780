package dev.connmgmt.test.vault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connmgmt.test.vault.VaultRequest.Operation;

/**
 * Routes an authenticated call to the part of Vault that answers it, by path and by
 * operation: a path that exists but does not take the operation answers 405, an unknown
 * path 404, as Vault does.
 */
final class VaultRouter {

	private final Map<String, DatabaseEngine> databases = new ConcurrentHashMap<>();

	private final Map<String, PkiEngine> pkis = new ConcurrentHashMap<>();

	private final Map<String, AppRoleAuth> appRoles = new ConcurrentHashMap<>();

	private final VaultTokens tokens;

	private final VaultLeases leases;

	private final VaultPolicies policies;

	VaultRouter(VaultTokens tokens, VaultLeases leases, VaultPolicies policies) {
		this.tokens = tokens;
		this.leases = leases;
		this.policies = policies;
	}

	/**
	 * Whether a path takes no token, as an auth method's login does.
	 * @param path the path
	 * @return whether the call needs no token
	 */
	boolean unauthenticated(String path) {
		List<String> segments = List.of(path.split("/"));
		if (this.pkis.containsKey(segments.get(0))) {
			return PkiRoutes.unauthenticated(segments.subList(1, segments.size()));
		}
		return segments.size() == 3 && segments.get(0).equals("auth") && segments.get(2).equals("login")
				&& this.appRoles.containsKey(segments.get(1));
	}

	/**
	 * Rotate the password of every static role whose rotation period has passed.
	 */
	void rotateDue() {
		this.databases.values().forEach((database) -> database.staticRoles().rotateDue());
	}

	Reply route(VaultRequest request) {
		List<String> path = request.segments();
		if (path.get(0).equals("sys")) {
			return system(request, path);
		}
		if (path.get(0).equals("auth")) {
			return auth(request, path);
		}
		PkiEngine pki = this.pkis.get(path.get(0));
		if (pki != null) {
			return PkiRoutes.route(request, pki, path.subList(1, path.size()));
		}
		DatabaseEngine database = this.databases.get(path.get(0));
		if (database != null && path.size() == 3) {
			return database(request, database, path.get(0), path.get(1), path.get(2));
		}
		throw VaultException.noHandler(request.path());
	}

	private Reply system(VaultRequest request, List<String> path) {
		if (path.size() == 4 && path.get(1).equals("policies") && path.get(2).equals("acl")) {
			return policy(request, path.get(3), "policy");
		}
		if (path.size() == 3 && path.get(1).equals("policy")) {
			return policy(request, path.get(2), "rules");
		}
		if (path.size() == 3 && path.get(1).equals("mounts")) {
			return on(request, Map.of(Operation.WRITE, () -> mount(path.get(2), request)));
		}
		if (path.size() == 4 && path.get(1).equals("mounts") && path.get(3).equals("tune")) {
			return tune(request, path.get(2));
		}
		if (path.size() == 3 && path.get(1).equals("auth")) {
			return on(request, Map.of(Operation.WRITE, () -> enableAuth(path.get(2), request)));
		}
		if (path.size() == 3 && path.get(1).equals("leases")) {
			String leaseId = request.text("lease_id");
			return switch (path.get(2)) {
				case "renew" -> on(request, Map.of(Operation.WRITE, () -> renew(leaseId, request)));
				case "lookup" -> on(request, Map.of(Operation.WRITE, () -> lookup(leaseId)));
				case "revoke" -> on(request, Map.of(Operation.WRITE, () -> {
					this.leases.revoke(leaseId);
					return Reply.noContent();
				}));
				default -> throw VaultException.noHandler(request.path());
			};
		}
		throw VaultException.noHandler(request.path());
	}

	private Reply auth(VaultRequest request, List<String> path) {
		AppRoleAuth appRole = (path.size() > 2) ? this.appRoles.get(path.get(1)) : null;
		if (appRole != null) {
			return appRole.route(request, path.subList(2, path.size()));
		}
		VaultToken token = request.token();
		List<String> warnings = new ArrayList<>();
		return switch (request.path()) {
			case "auth/token/lookup-self" -> on(request, Map.of(Operation.READ, () -> Reply.data(token.lookup()),
					Operation.WRITE, () -> Reply.data(token.lookup())));
			case "auth/token/renew-self" -> on(request, Map.of(Operation.WRITE, () -> {
				VaultTokens.Renewal renewal = this.tokens.renew(token, request.duration("increment", null), warnings);
				return Reply.auth(renewal.token().auth(renewal.ttl()), warnings);
			}));
			case "auth/token/revoke-self" -> on(request, Map.of(Operation.WRITE, () -> {
				this.tokens.revoke(token);
				return Reply.noContent();
			}));
			case "auth/token/create" -> on(request, Map.of(Operation.WRITE, () -> {
				boolean sudo = this.policies.sudo(token.policies(), request.path());
				VaultToken created = this.tokens.create(token, sudo, request, warnings);
				created.policies()
					.stream()
					.filter((policy) -> !this.policies.exists(policy))
					.forEach((policy) -> warnings.add("Policy \"" + policy + "\" does not exist"));
				return Reply.auth(created.auth(created.creationTtl()), warnings);
			}));
			default -> throw VaultException.noHandler(request.path());
		};
	}

	private Reply policy(VaultRequest request, String name, String field) {
		return on(request, Map.of(Operation.WRITE, () -> {
			this.policies.write(name, request.has("policy") ? request.text("policy") : request.text("rules"));
			return Reply.noContent();
		}, Operation.READ, () -> {
			VaultPolicies.Policy policy = this.policies.read(name);
			return (policy != null) ? Reply.data(Map.of("name", policy.name(), field, policy.text()))
					: Reply.notFound();
		}, Operation.DELETE, () -> {
			this.policies.delete(name);
			return Reply.noContent();
		}));
	}

	private Reply enableAuth(String path, VaultRequest request) {
		String type = request.text("type");
		if (!"approle".equals(type)) {
			throw new VaultException(400, "plugin not found in the catalog: " + type);
		}
		if (path.equals("token") || this.appRoles.putIfAbsent(path, new AppRoleAuth(path, this.tokens)) != null) {
			throw new VaultException(400, "path is already in use at auth/" + path + "/");
		}
		return Reply.noContent();
	}

	private Reply mount(String path, VaultRequest request) {
		String type = request.text("type");
		if (!"database".equals(type) && !"pki".equals(type)) {
			throw new VaultException(400, "plugin not found in the catalog: " + type);
		}
		synchronized (this.databases) {
			if (this.databases.containsKey(path) || this.pkis.containsKey(path)) {
				throw new VaultException(400, "path is already in use at " + path + "/");
			}
			if ("database".equals(type)) {
				this.databases.put(path, new DatabaseEngine());
			}
			else {
				JsonNode config = request.body().path("config");
				this.pkis.put(path, new PkiEngine(Durations.parse(config.get("default_lease_ttl"), Duration.ZERO),
						Durations.parse(config.get("max_lease_ttl"), Duration.ZERO)));
			}
		}
		return Reply.noContent();
	}

	/**
	 * Read or tune a mount's lease TTLs, which the PKI engine applies to the certificates it
	 * issues; this dev server tunes PKI mounts only.
	 */
	private Reply tune(VaultRequest request, String path) {
		PkiEngine pki = this.pkis.get(path);
		if (pki == null) {
			throw new VaultException(400, "cannot tune \"" + path + "/\": this dev server tunes pki mounts only");
		}
		return on(request, Map.of(Operation.READ, () -> Reply.data(pki.tuning()), Operation.WRITE, () -> {
			Map<String, Object> now = pki.tuning();
			pki.tune(request.duration("default_lease_ttl", Duration.ofSeconds((long) now.get("default_lease_ttl"))),
					request.duration("max_lease_ttl", Duration.ofSeconds((long) now.get("max_lease_ttl"))));
			return Reply.noContent();
		}));
	}

	private Reply renew(String leaseId, VaultRequest request) {
		VaultLeases.Renewal renewal = this.leases.renew(leaseId, request.duration("increment", null));
		return Reply.secret(leaseId, renewal.ttl().toSeconds(), true, null, renewal.warnings());
	}

	private Reply lookup(String leaseId) {
		VaultLeases.Lease lease = this.leases.find(leaseId);
		if (lease == null) {
			throw new VaultException(400, "invalid lease");
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", leaseId);
		data.put("issue_time", Durations.time(lease.issued()));
		data.put("expire_time", Durations.time(lease.expires()));
		data.put("last_renewal", null);
		data.put("renewable", true);
		data.put("ttl", lease.secondsLeft());
		return Reply.data(data);
	}

	private Reply database(VaultRequest request, DatabaseEngine database, String mount, String kind, String name) {
		return switch (kind) {
			case "config" -> on(request, Map.of(Operation.WRITE, () -> {
				database.configure(name, request);
				return Reply.noContent();
			}, Operation.READ, () -> read(database.readConfig(name)), Operation.DELETE, () -> {
				database.deleteConfig(name);
				return Reply.noContent();
			}));
			case "roles" -> on(request, Map.of(Operation.WRITE, () -> {
				database.defineRole(name, request);
				return Reply.noContent();
			}, Operation.READ, () -> read(database.readRole(name)), Operation.DELETE, () -> {
				database.deleteRole(name);
				return Reply.noContent();
			}));
			case "creds" -> on(request,
					Map.of(Operation.READ, () -> credentials(database, mount, name, request.token())));
			case "static-roles" -> on(request, Map.of(Operation.WRITE, () -> {
				database.staticRoles().define(name, request);
				return Reply.noContent();
			}, Operation.READ, () -> read(database.staticRoles().read(name)), Operation.DELETE, () -> {
				database.staticRoles().delete(name);
				return Reply.noContent();
			}));
			case "static-creds" -> on(request,
					Map.of(Operation.READ, () -> Reply.data(database.staticRoles().credentials(name))));
			case "rotate-role" -> on(request, Map.of(Operation.WRITE, () -> {
				database.staticRoles().rotate(name);
				return Reply.noContent();
			}));
			default -> throw VaultException.noHandler(request.path());
		};
	}

	private Reply credentials(DatabaseEngine database, String mount, String role, VaultToken token) {
		DatabaseEngine.Issued issued = database.issue(role, token.displayName());
		String leaseId = mount + "/creds/" + role + "/" + UUID.randomUUID();
		VaultLeases.Lease lease = this.leases.issue(leaseId, token.accessor(), issued.ttl(), issued.maxTtl(),
				issued.revocation(), issued.renewal());
		if (!this.tokens.isLive(token.accessor())) {
			// the token was revoked while the role was made: its revocation may not have seen this lease
			this.leases.revoke(leaseId);
			throw VaultException.permissionDenied();
		}
		return Reply.secret(leaseId, lease.ttl().toSeconds(), true,
				Map.of("username", issued.username(), "password", issued.password()), List.of());
	}

	private static Reply read(Map<String, Object> data) {
		return (data != null) ? Reply.data(data) : Reply.notFound();
	}

	static Reply on(VaultRequest request, Map<Operation, Supplier<Reply>> handlers) {
		Supplier<Reply> handler = handlers.get(request.operation());
		if (handler == null) {
			throw VaultException.unsupportedOperation();
		}
		return handler.get();
	}

}
