package dev.connmgmt.test.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private static final Logger logger = LoggerFactory.getLogger(VaultDevServer.class);

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpServer http;

	private final ExecutorService workers;

	private final ScheduledExecutorService reaper;

	private final VaultLeases leases = new VaultLeases();

	private final VaultTokens tokens = new VaultTokens(this.leases::revokeOwnedBy);

	private final String rootToken = this.tokens.root("hvs.root-" + UUID.randomUUID()).id();

	private final VaultPolicies policies = new VaultPolicies();

	private final VaultRouter router = new VaultRouter(this.tokens, this.leases, this.policies);

	private volatile boolean unavailable;

	private VaultDevServer() throws IOException {
		this.workers = Executors.newFixedThreadPool(4, daemon("vault-dev-server"));
		this.reaper = Executors.newSingleThreadScheduledExecutor(daemon("vault-dev-server-expiry"));
		this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		this.http.createContext("/v1/", this::handle);
		this.http.setExecutor(this.workers);
		this.http.start();
		this.reaper.scheduleWithFixedDelay(this::expire, 200, 200, TimeUnit.MILLISECONDS);
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

	/**
	 * Stop answering, revoke every lease (dropping the roles it made) and stop the server's
	 * threads.
	 */
	@Override
	public void close() {
		this.reaper.shutdownNow();
		this.http.stop(0);
		this.workers.shutdownNow();
		this.leases.revokeAll();
	}

	private void expire() {
		try {
			this.tokens.revokeExpired();
			this.leases.revokeExpired();
			this.router.rotateDue();
		}
		catch (RuntimeException ex) {
			logger.warn("Expiry sweep failed", ex);
		}
	}

	private void handle(HttpExchange exchange) {
		try (exchange) {
			respond(exchange, answer(exchange));
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), ex);
		}
	}

	private Reply answer(HttpExchange exchange) throws IOException {
		try {
			if (this.unavailable) {
				return Reply.error(503, "Vault is sealed");
			}
			String path = exchange.getRequestURI().getPath().substring("/v1/".length());
			if (path.equals("sys/health")) {
				return new Reply(200, Map.of("initialized", true, "sealed", false, "standby", false));
			}
			VaultRequest.Operation operation = VaultRequest.Operation.of(exchange.getRequestMethod(),
					exchange.getRequestURI().getQuery());
			if (this.router.unauthenticated(path)) {
				return this.router.route(new VaultRequest(operation, path, body(exchange), null));
			}
			VaultToken token = this.tokens.find(token(exchange));
			if (token == null || !this.policies.allows(token.policies(), operation, path)) {
				throw VaultException.permissionDenied();
			}
			return this.router.route(new VaultRequest(operation, path, body(exchange), token));
		}
		catch (VaultException ex) {
			return Reply.error(ex.status(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.warn("Internal error answering {}", exchange.getRequestURI().getPath(), ex);
			return Reply.error(500, "internal error");
		}
	}

	private static String token(HttpExchange exchange) {
		String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (token == null && authorization != null && authorization.startsWith("Bearer ")) {
			token = authorization.substring("Bearer ".length()).trim();
		}
		return token;
	}

	private static JsonNode body(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		if (body.length == 0) {
			return json.createObjectNode();
		}
		try {
			JsonNode node = json.readTree(body);
			return (node != null && node.isObject()) ? node : json.createObjectNode();
		}
		catch (JsonProcessingException ex) {
			throw new VaultException(400, "failed to parse JSON input");
		}
	}

	private static void respond(HttpExchange exchange, Reply reply) throws IOException {
		if (reply.body() == null) {
			exchange.sendResponseHeaders(reply.status(), -1);
			return;
		}
		byte[] bytes = json.writeValueAsBytes(reply.body());
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(reply.status(), bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	private static ThreadFactory daemon(String name) {
		return (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		};
	}

}
