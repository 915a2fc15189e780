package dev.connmgmt.test.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process HTTP server with the semantics of the part of HashiCorp Vault's API that
 * database credentials and spring-vault's session management use, over real PostgreSQL
 * roles. Tests configure it only through HTTP calls a real Vault takes, so the same tests
 * run against a real Vault.
 * <ul>
 * <li>{@code sys/health} (no token); {@code sys/mounts/<path>} enables the database
 * engine, {@code sys/auth/<path>} the AppRole method; {@code sys/policies/acl/<name>} and
 * {@code sys/policy/<name>} hold ACL policies, which every call is checked against.</li>
 * <li>Tokens: the root token never expires; {@code auth/token/create},
 * {@code lookup-self}, {@code renew-self} (capped at the max TTL) and {@code revoke-self}.
 * A revoked or expired token takes its child tokens and every lease it created with it.</li>
 * <li>AppRole: {@code auth/<path>/role/<name>}, {@code .../role-id},
 * {@code .../secret-id} and {@code auth/<path>/login}, which needs no token.</li>
 * <li>Database engine: {@code <mount>/config/<name>}, {@code <mount>/roles/<name>},
 * {@code <mount>/creds/<role>} (a role made by the creation statements, under a lease),
 * {@code <mount>/static-roles/<name>}, {@code <mount>/static-creds/<name>} and
 * {@code <mount>/rotate-role/<name>}; static role passwords also rotate every rotation
 * period on their own.</li>
 * <li>PKI engine ({@code sys/mounts/<path>} with type {@code pki}, its max lease TTL in
 * {@code config} or tuned at {@code sys/mounts/<path>/tune}): {@code <mount>/root/generate/internal},
 * {@code <mount>/roles/<name>}, {@code <mount>/issue/<role>} (a certificate and its private
 * key, no lease; the certificate's NotAfter is its expiry), and the CA certificate without a
 * token at {@code <mount>/ca}, {@code ca/pem}, {@code ca_chain} and {@code cert/ca}.</li>
 * <li>Leases: {@code sys/leases/renew} (never past the max TTL), {@code lookup} and
 * {@code revoke}; an expired or revoked lease runs the revocation statements.</li>
 * </ul>
 * Reads are GET, writes POST or PUT, deletions DELETE; another method on a known path
 * answers 405, an unknown path 404, a missing, invalid or expired token or a call its
 * policies do not allow 403, all with Vault's {@code {"errors":[...]}} body.
 * <p>
 * Fault switches: {@link #unavailable(boolean)}, {@link #slow(Duration)},
 * {@link #expireToken(String)}, {@link #expireTokens()} and {@link #loseLeases()};
 * {@link #leaseCount()} tells how many leases are live.
 *
 * @since 0.1.0
 */
public final class VaultDevServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(VaultDevServer.class);

	private final HttpServer http;

	private final ExecutorService workers;

	private final ScheduledExecutorService reaper;

	private final VaultLeases leases = new VaultLeases();

	private final VaultTokens tokens = new VaultTokens(this.leases::revokeOwnedBy);

	private final String rootToken = this.tokens.root("hvs.root-" + UUID.randomUUID()).id();

	private final VaultPolicies policies = new VaultPolicies();

	private final VaultRouter router = new VaultRouter(this.tokens, this.leases, this.policies);

	private final ScheduledExecutorService delays;

	private final VaultHttpHandler handler;

	private final AtomicBoolean closed = new AtomicBoolean();

	private VaultDevServer() throws IOException {
		this.workers = Executors.newFixedThreadPool(4, daemon("vault-dev-server"));
		this.reaper = Executors.newSingleThreadScheduledExecutor(daemon("vault-dev-server-expiry"));
		this.delays = Executors.newSingleThreadScheduledExecutor(daemon("vault-dev-server-delay"));
		this.handler = new VaultHttpHandler(this.tokens, this.policies, this.router, this.workers, this.delays);
		this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		this.http.createContext("/v1/", this.handler);
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
	 * Answer 503 ({@code "Vault is sealed"}) to every request, {@code sys/health} included,
	 * as a sealed Vault does, or stop doing so. Leases and tokens keep expiring meanwhile.
	 * @param unavailable whether Vault is unavailable
	 */
	public void unavailable(boolean unavailable) {
		this.handler.unavailable(unavailable);
	}

	/**
	 * Answer every request no sooner than the given delay after it arrived, as an overloaded
	 * Vault or a slow network would; {@link Duration#ZERO} stops delaying. A delayed request
	 * holds no server thread while it waits, so many can wait at once, and the background
	 * work (expiry of leases and tokens, static role rotation) keeps its own pace.
	 * @param delay the delay, {@link Duration#ZERO} for none
	 */
	public void slow(Duration delay) {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("The delay must not be negative");
		}
		this.handler.slow(delay);
	}

	/**
	 * Make a token expire now, as Vault does when its TTL runs out: it stops working (403),
	 * its child tokens go with it, and every lease it created is revoked - the revocation
	 * statements run, so the database roles are gone when this method returns.
	 * @param token the token, as a client sends it
	 * @throws IllegalArgumentException if no live token matches, or the token has no TTL
	 * (the root token never expires)
	 */
	public void expireToken(String token) {
		VaultToken found = this.tokens.find(token);
		if (found == null) {
			throw new IllegalArgumentException("No live token matches the given token");
		}
		if (!found.expiring()) {
			throw new IllegalArgumentException("The given token has no TTL and never expires");
		}
		this.tokens.revoke(found);
	}

	/**
	 * Make every token that has a TTL expire now, as {@link #expireToken(String)} does for
	 * one; the root token, which has none, keeps working.
	 * @return how many tokens expired
	 */
	public int expireTokens() {
		List<VaultToken> expiring = this.tokens.expiring();
		expiring.forEach(this.tokens::revoke);
		return expiring.size();
	}

	/**
	 * Forget every lease, as a Vault restored from an older backup has: renewing or looking
	 * one up answers 400 ({@code "lease not found"}, {@code "invalid lease"}), revoking it
	 * is a no-op, and neither expiry nor the revocation of its token drops the role. The
	 * database roles keep existing and logging in (until a {@code VALID UNTIL} of their own),
	 * as they would after a real restore; {@link #close()} still drops them so that tests
	 * leave nothing behind.
	 * @return how many leases were forgotten
	 */
	public int loseLeases() {
		return this.leases.forgetAll();
	}

	/**
	 * Return how many leases are live: issued, and not yet expired, revoked or lost.
	 * @return the number of leases
	 */
	public int leaseCount() {
		return this.leases.count();
	}

	/**
	 * Stop answering, let calls under way and the background work finish, then revoke every
	 * lease, lost ones included, dropping the roles they made. Closing again does nothing.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.delays.shutdownNow();
		this.http.stop(0);
		this.reaper.shutdown();
		this.workers.shutdown();
		try {
			this.reaper.awaitTermination(10, TimeUnit.SECONDS);
			this.workers.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.reaper.shutdownNow();
			this.workers.shutdownNow();
			this.leases.revokeAll();
		}
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

	private static ThreadFactory daemon(String name) {
		return (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		};
	}

}
