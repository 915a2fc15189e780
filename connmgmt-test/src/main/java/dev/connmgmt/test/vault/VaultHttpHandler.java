package dev.connmgmt.test.vault;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers calls to {@code /v1/} as Vault does: 503 while sealed, {@code sys/health} and
 * logins without a token, every other call only with a live token whose policies allow it,
 * and errors as {@code {"errors":[...]}}. Delays answers while the server is slow, without
 * holding a thread.
 */
final class VaultHttpHandler implements HttpHandler {

	private static final Logger logger = LoggerFactory.getLogger(VaultHttpHandler.class);

	private static final ObjectMapper json = new ObjectMapper();

	private final VaultTokens tokens;

	private final VaultPolicies policies;

	private final VaultRouter router;

	private final Executor workers;

	private final ScheduledExecutorService delays;

	private volatile boolean unavailable;

	private volatile Duration delay = Duration.ZERO;

	VaultHttpHandler(VaultTokens tokens, VaultPolicies policies, VaultRouter router, Executor workers,
			ScheduledExecutorService delays) {
		this.tokens = tokens;
		this.policies = policies;
		this.router = router;
		this.workers = workers;
		this.delays = delays;
	}

	void unavailable(boolean unavailable) {
		this.unavailable = unavailable;
	}

	void slow(Duration delay) {
		this.delay = delay;
	}

	@Override
	public void handle(HttpExchange exchange) {
		Duration delay = this.delay;
		if (delay.isZero()) {
			answerAndClose(exchange);
			return;
		}
		try {
			this.delays.schedule(() -> this.workers.execute(() -> answerAndClose(exchange)), delay.toNanos(),
					TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			exchange.close();
		}
	}

	private void answerAndClose(HttpExchange exchange) {
		try (exchange) {
			respond(exchange, answer(exchange));
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), ex);
		}
	}

	private Reply answer(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath().substring("/v1/".length());
		try {
			if (path.equals("sys/health")) {
				return new Reply(this.unavailable ? 503 : 200, health(this.unavailable));
			}
			if (this.unavailable) {
				return Reply.error(503, "Vault is sealed");
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
			logger.warn("Internal error answering {}", path, ex);
			return Reply.error(500, "internal error");
		}
	}

	private static Map<String, Object> health(boolean sealed) {
		Map<String, Object> health = new LinkedHashMap<>();
		health.put("initialized", true);
		health.put("sealed", sealed);
		health.put("standby", false);
		health.put("performance_standby", false);
		health.put("replication_performance_mode", "disabled");
		health.put("replication_dr_mode", "disabled");
		health.put("server_time_utc", Instant.now().getEpochSecond());
		health.put("version", "1.19.0-connmgmt-dev");
		health.put("cluster_name", "vault-dev-server");
		return health;
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
		if (reply.body() instanceof Reply.Raw raw) {
			exchange.getResponseHeaders().set("Content-Type", raw.contentType());
			exchange.sendResponseHeaders(reply.status(), raw.bytes().length);
			exchange.getResponseBody().write(raw.bytes());
			return;
		}
		byte[] bytes = json.writeValueAsBytes(reply.body());
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(reply.status(), bytes.length);
		exchange.getResponseBody().write(bytes);
	}

}
