package dev.connmgmt.test.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-process HTTP server with the semantics of the part of HashiCorp Vault's API that
 * database credentials use: {@code sys/health}, {@code auth/token/lookup-self},
 * {@code sys/mounts}, {@code <mount>/config}, {@code <mount>/roles}, {@code <mount>/creds},
 * and {@code sys/leases/renew|revoke|lookup}. Credentials it issues are real PostgreSQL roles
 * made by the role's creation statements; leases expire after their TTL, renewals never go
 * past the max TTL, and expiry or revocation runs the revocation statements. Tests configure
 * it only through these HTTP calls, so the same tests run against a real Vault.
 * <p>
 * Fault switch: {@link #unavailable(boolean)} answers 503 to everything, as a sealed or
 * unreachable Vault would.
 *
 * @since 0.1.0
 */
public final class VaultDevServer implements AutoCloseable {

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpServer http;

	private final String rootToken = "root-" + UUID.randomUUID();

	private final Set<String> mounts = ConcurrentHashMap.newKeySet();

	private final DatabaseEngine database = new DatabaseEngine();

	private final VaultLeases leases = new VaultLeases();

	private final ScheduledExecutorService reaper;

	private volatile boolean unavailable;

	private VaultDevServer() throws IOException {
		this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		this.http.createContext("/v1/", this::handle);
		this.http.setExecutor(Executors.newFixedThreadPool(4, (task) -> {
			Thread thread = new Thread(task, "vault-dev-server");
			thread.setDaemon(true);
			return thread;
		}));
		this.http.start();
		this.reaper = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "vault-dev-server-expiry");
			thread.setDaemon(true);
			return thread;
		});
		this.reaper.scheduleWithFixedDelay(this.leases::revokeExpired, 200, 200, TimeUnit.MILLISECONDS);
	}

	/**
	 * Start a server.
	 * @return the running server
	 */
	public static VaultDevServer start() {
		try {
			return new VaultDevServer();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the Vault dev server", ex);
		}
	}

	/**
	 * Return the address clients use, such as {@code http://127.0.0.1:8200}.
	 * @return the address
	 */
	public String address() {
		return "http://127.0.0.1:" + this.http.getAddress().getPort();
	}

	/**
	 * Return the root token.
	 * @return the token
	 */
	public String rootToken() {
		return this.rootToken;
	}

	/**
	 * Answer 503 to every request, or stop doing so.
	 * @param unavailable whether Vault is unavailable
	 */
	public void unavailable(boolean unavailable) {
		this.unavailable = unavailable;
	}

	@Override
	public void close() {
		this.reaper.shutdownNow();
		this.leases.revokeAll();
		this.http.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			String path = exchange.getRequestURI().getPath().substring("/v1/".length());
			if (this.unavailable) {
				respond(exchange, 503, Map.of("errors", new String[] { "Vault is sealed" }));
				return;
			}
			if (path.equals("sys/health")) {
				respond(exchange, 200, Map.of("initialized", true, "sealed", false, "standby", false));
				return;
			}
			if (!this.rootToken.equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"))) {
				respond(exchange, 403, Map.of("errors", new String[] { "permission denied" }));
				return;
			}
			byte[] body = exchange.getRequestBody().readAllBytes();
			JsonNode request = (body.length > 0) ? json.readTree(body) : json.createObjectNode();
			route(exchange, path, request);
		}
		catch (VaultException ex) {
			respond(exchange, ex.status(), Map.of("errors", new String[] { ex.getMessage() }));
		}
		catch (RuntimeException ex) {
			respond(exchange, 500, Map.of("errors", new String[] { String.valueOf(ex.getMessage()) }));
		}
		finally {
			exchange.close();
		}
	}

	private void route(HttpExchange exchange, String path, JsonNode request) throws IOException {
		String[] parts = path.split("/");
		if (path.equals("auth/token/lookup-self")) {
			respond(exchange, 200, Map.of("data", Map.of("ttl", 0, "renewable", false, "policies", new String[] { "root" })));
		}
		else if (parts.length == 3 && parts[0].equals("sys") && parts[1].equals("mounts")) {
			this.mounts.add(parts[2]);
			respond(exchange, 204, null);
		}
		else if (parts.length == 3 && parts[0].equals("sys") && parts[1].equals("leases")) {
			leases(exchange, parts[2], request.path("lease_id").asText(), duration(request.get("increment"), null));
		}
		else if (parts.length == 3 && this.mounts.contains(parts[0])) {
			switch (parts[1]) {
				case "config" -> {
					this.database.configure(parts[2], request);
					respond(exchange, 204, null);
				}
				case "roles" -> {
					this.database.defineRole(parts[2], request);
					respond(exchange, 204, null);
				}
				case "creds" -> {
					DatabaseEngine.Issued issued = this.database.issue(parts[2]);
					String leaseId = parts[0] + "/creds/" + parts[2] + "/" + UUID.randomUUID();
					VaultLeases.Lease lease = this.leases.issue(leaseId, issued.ttl(), issued.maxTtl(),
							issued.revocation());
					respond(exchange, 200, Map.of("request_id", UUID.randomUUID().toString(), "lease_id", leaseId,
							"lease_duration", lease.secondsLeft(), "renewable", true, "data",
							Map.of("username", issued.username(), "password", issued.password())));
				}
				default -> throw new VaultException(404, "no handler for route '" + path + "'");
			}
		}
		else {
			throw new VaultException(404, "no handler for route '" + path + "'");
		}
	}

	private void leases(HttpExchange exchange, String operation, String leaseId, Duration increment)
			throws IOException {
		switch (operation) {
			case "renew" -> {
				VaultLeases.Lease renewed = this.leases.renew(leaseId, increment);
				if (renewed == null) {
					throw new VaultException(400, "lease not found");
				}
				respond(exchange, 200, Map.of("lease_id", leaseId, "lease_duration", renewed.secondsLeft(), "renewable",
						true));
			}
			case "revoke" -> {
				this.leases.revoke(leaseId);
				respond(exchange, 204, null);
			}
			case "lookup" -> {
				VaultLeases.Lease lease = this.leases.find(leaseId);
				if (lease == null) {
					throw new VaultException(400, "invalid lease");
				}
				respond(exchange, 200, Map.of("data", Map.of("id", leaseId, "ttl", lease.secondsLeft(), "issue_time",
						lease.issued().toString(), "expire_time", lease.expires().toString(), "renewable", true)));
			}
			default -> throw new VaultException(404, "no handler for route 'sys/leases/" + operation + "'");
		}
	}

	private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
		if (body == null) {
			exchange.sendResponseHeaders(status, -1);
			return;
		}
		byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	static Duration duration(JsonNode node, Duration fallback) {
		if (node == null || node.isMissingNode() || node.isNull()) {
			return fallback;
		}
		if (node.isNumber()) {
			return Duration.ofSeconds(node.asLong());
		}
		String text = node.asText().trim();
		char unit = text.charAt(text.length() - 1);
		if (Character.isDigit(unit)) {
			return Duration.ofSeconds(Long.parseLong(text));
		}
		long amount = Long.parseLong(text.substring(0, text.length() - 1));
		return switch (unit) {
			case 's' -> Duration.ofSeconds(amount);
			case 'm' -> Duration.ofMinutes(amount);
			case 'h' -> Duration.ofHours(amount);
			default -> throw new VaultException(400, "invalid duration '" + text + "'");
		};
	}

	/**
	 * An error Vault answers with a status and a message.
	 */
	static final class VaultException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final int status;

		VaultException(int status, String message) {
			super(message);
			this.status = status;
		}

		int status() {
			return this.status;
		}

	}

}
