package dev.connmgmt.internal.credentials;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.connmgmt.credentials.ConnectionCensus;
import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.credentials.CredentialStatus;
import dev.connmgmt.credentials.Credentials;
import dev.connmgmt.credentials.Secrets;
import dev.connmgmt.internal.events.PoolEvents;
import org.slf4j.event.Level;

/**
 * Database credentials from Vault, kept valid by a rotation loop connmgmt owns rather than
 * Spring Cloud Vault's lease container, which renews a lease until its max TTL and then lets
 * the application lose its database (spring-cloud-vault#152, #240, #256, #743).
 * <p>
 * For a dynamic role the loop renews the lease at {@code rotate-at} of its time to live while
 * Vault extends it in full; once Vault caps a renewal at the role's max TTL (or the lease is
 * not renewable, or Vault lost it) it reads new credentials, makes them the current
 * generation, and has the pool retire every connection opened with the old ones. The old
 * lease is revoked only once the last of those connections has closed. A static role's
 * password is read again when the engine's rotation period ends.
 * <p>
 * Failures are retried on a schedule taken from the time the credentials still have
 * ({@link RotationTiming}). A login refused by the database, a token Vault refuses, a new
 * token and a lost lease each make the loop read new credentials at once; refusals by the
 * database are acted on at most once per {@code refresh-interval}, so that a broken role
 * never floods Vault or locks an account.
 *
 * @since 0.1.0
 */
public final class VaultCredentialSource implements CredentialSource, AutoCloseable {

	/**
	 * Why credentials are replaced when the old ones no longer work: their connections
	 * cannot serve while the new ones log in.
	 */
	private static final Set<String> REASONS_OLD_ARE_DEAD = Set.of("token", "rejected", "expired");


	private final String pool;

	private final VaultDatabaseCredentials vault;

	private final VaultSession session;

	private final Settings settings;

	private final Clock clock;

	private final ScheduledExecutorService loop;

	private final ChangeListeners listeners;

	private final RetiredLeases retired;

	private volatile Credentials current;

	private volatile Lease lease;

	private volatile Replaced replaced;

	private volatile Instant lastRotation;

	private volatile Instant nextAction;

	private volatile String problem;

	private volatile Instant lastRefreshOnRejection = Instant.MIN;

	private ScheduledFuture<?> planned;

	private int failures;

	private final AtomicLong failedAttempts = new AtomicLong();

	private final AtomicBoolean nudged = new AtomicBoolean();

	/**
	 * How long after the database refused a generation callers may wait for its
	 * replacement; after that they fail fast until it arrives.
	 */
	private static final Duration REPLACEMENT_WINDOW = Duration.ofSeconds(5);

	private volatile long replacing = -1;

	private volatile Instant replacingUntil = Instant.MIN;

	private String tokenOfLease;

	private volatile boolean closed;

	private volatile Runnable stopTokenListener = () -> {
	};

	/**
	 * Create a source; {@link #start()} reads the first credentials.
	 * @param pool the pool, for events
	 * @param vault the role's credentials in Vault
	 * @param session the Vault session, for token changes
	 * @param settings how the loop behaves
	 * @param clock the clock
	 */
	public VaultCredentialSource(String pool, VaultDatabaseCredentials vault, VaultSession session,
			Settings settings, Clock clock) {
		this.pool = pool;
		this.listeners = new ChangeListeners(pool);
		this.vault = vault;
		this.session = session;
		this.settings = settings;
		this.clock = clock;
		this.loop = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "connmgmt-" + pool + "-vault");
			thread.setDaemon(true);
			return thread;
		});
		this.retired = new RetiredLeases(pool, vault, settings.revokeRetired(), clock, this.loop);
	}

	/**
	 * Read the first credentials and start the loop.
	 * @return the time to live of the first credentials
	 * @throws VaultCallException when Vault does not issue them
	 */
	public Duration start() {
		this.stopTokenListener = this.session.onTokenChange(() -> {
			if (!this.closed) {
				onLoop(this::checkToken);
			}
		});
		try {
			this.loop.submit(() -> rotate("start")).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			close();
			throw new VaultCallException(VaultCallException.Kind.UNAVAILABLE, 0, "Interrupted reading credentials from "
					+ this.vault.path(), ex);
		}
		catch (ExecutionException ex) {
			close();
			if (ex.getCause() instanceof VaultCallException failure) {
				throw failure;
			}
			throw new IllegalStateException("Could not read credentials from " + this.vault.path(), ex.getCause());
		}
		return this.lease.ttl();
	}

	/**
	 * Return the latest credentials at once, also when their lease has expired: the loop
	 * alone waits on Vault, and is nudged to act now when it fell behind.
	 */
	@Override
	public Credentials current() {
		Lease now = this.lease;
		if (now != null && now.expires() != null && !this.settings.staticRole()
				&& !this.clock.instant().isBefore(now.expires())) {
			nudge(now);
		}
		return this.current;
	}

	@Override
	public String type() {
		return "vault";
	}

	@Override
	public void rejected(Credentials rejected, SQLException failure) {
		Instant now = this.clock.instant();
		Lease refused = this.lease;
		if (this.closed || refused == null || rejected.generation() != this.current.generation()) {
			return;
		}
		if (this.replacing != rejected.generation()) {
			this.replacingUntil = now.plus(REPLACEMENT_WINDOW);
			this.replacing = rejected.generation();
		}
		if (now.isBefore(this.lastRefreshOnRejection.plus(this.settings.refreshInterval()))) {
			return;
		}
		this.lastRefreshOnRejection = now;
		PoolEvents.log(Level.WARN, "credentials.rejected", "pool", this.pool, "source", type(), "generation",
				rejected.generation(), "lease", Secrets.fingerprint(refused.id()), "sqlstate", failure.getSQLState());
		onLoop(() -> rotateIfStill(refused, "rejected"));
	}

	/**
	 * Return whether the refused generation is still current and was refused less than
	 * {@link #REPLACEMENT_WINDOW} ago: the loop keeps trying to replace it meanwhile (Vault
	 * may need a new token first), and callers may wait for the new credentials.
	 */
	@Override
	public boolean replacing(long refusedGeneration) {
		return !this.closed && this.replacing == refusedGeneration && this.current.generation() == refusedGeneration
				&& this.clock.instant().isBefore(this.replacingUntil);
	}

	/**
	 * Read new credentials now, retiring the current ones.
	 * @return whether new credentials were obtained
	 */
	@Override
	public boolean refresh() {
		Future<Boolean> done = this.loop.submit(() -> {
			try {
				return rotate("requested");
			}
			catch (VaultCallException ex) {
				failed(ex, "requested");
				return false;
			}
		});
		try {
			return done.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
	}

	/**
	 * Return how long the lease of the current or the latest replaced credentials has left;
	 * a static role's passwords have no lease.
	 */
	@Override
	public Duration timeLeft(long generation) {
		if (this.settings.staticRole()) {
			return null;
		}
		Lease now = this.lease;
		Replaced before = this.replaced;
		Instant expires = null;
		if (now != null && this.current.generation() == generation) {
			expires = now.expires();
		}
		else if (before != null && before.generation() == generation) {
			expires = before.expires();
		}
		return (expires != null) ? Duration.between(this.clock.instant(), expires) : null;
	}

	@Override
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

	@Override
	public void track(ConnectionCensus census) {
		this.retired.track(census);
	}

	@Override
	public CredentialStatus status() {
		Lease now = this.lease;
		Instant instant = this.clock.instant();
		String trouble = this.problem;
		boolean atRisk = false;
		if (now != null && now.expires() != null && !this.settings.staticRole()) {
			Duration left = Duration.between(instant, now.expires());
			atRisk = left.isNegative() || (trouble != null && this.settings.timing().atRisk(now.ttl(), left));
		}
		return new CredentialStatus(type(), this.current.generation(), this.lastRotation, this.nextAction,
				(now != null && !this.settings.staticRole()) ? now.expires() : null,
				(now != null) ? Secrets.fingerprint(now.id()) : null, trouble, atRisk, this.failedAttempts.get());
	}

	/**
	 * Stop the loop and revoke the leases this source still holds, when revoking is on.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.stopTokenListener.run();
		Future<?> revoked = this.loop.submit(() -> {
			Lease now = this.lease;
			this.retired.revokeAll((now != null) ? now.id() : null);
		});
		awaitQuietly(revoked, Duration.ofSeconds(5));
		this.loop.shutdownNow();
	}

	private void checkToken() {
		if (this.closed || this.lease == null || this.settings.staticRole()) {
			return;
		}
		String token;
		try {
			token = this.session.token();
		}
		catch (RuntimeException ex) {
			failed(new VaultCallException(VaultCallException.Kind.TOKEN, 0, "Vault login failed: " + ex.getMessage(),
					ex), "token");
			return;
		}
		if (token != null && !token.equals(this.tokenOfLease)) {
			// the leases of the previous token die with it
			PoolEvents.log(Level.INFO, "token.changed", "pool", this.pool, "lease",
					Secrets.fingerprint(this.lease.id()));
			act("token");
		}
	}

	/**
	 * Have the loop replace an expired lease now unless it is already trying on its retry
	 * schedule (Vault down). At most one nudge waits for the loop, however many callers
	 * see the lease expired.
	 */
	private void nudge(Lease expired) {
		if (this.closed || !this.nudged.compareAndSet(false, true)) {
			return;
		}
		boolean queued = onLoop(() -> {
			try {
				Instant planned = this.nextAction;
				boolean overdue = planned != null && planned.plusSeconds(1).isBefore(this.clock.instant());
				if (this.failures == 0 || overdue) {
					// the loop fell behind the lease, as in a process suspended past the planned time
					rotateIfStill(expired, "expired");
				}
			}
			finally {
				this.nudged.set(false);
			}
		});
		if (!queued) {
			this.nudged.set(false);
		}
	}

	private boolean onLoop(Runnable task) {
		try {
			this.loop.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			// closed meanwhile
			return false;
		}
	}

	private void rotateIfStill(Lease seen, String reason) {
		if (this.lease == seen && !this.closed) {
			act(reason);
		}
	}

	private void act(String reason) {
		try {
			rotate(reason);
		}
		catch (VaultCallException ex) {
			failed(ex, reason);
		}
	}

	/**
	 * Read new credentials and make them current. Runs on the loop's thread only.
	 */
	private boolean rotate(String reason) {
		Instant started = this.clock.instant();
		Credentials previous = this.current;
		Lease old = this.lease;
		if (old != null && !this.settings.staticRole()) {
			PoolEvents.log(Level.INFO, "rotation.started", "pool", this.pool, "source", type(), "reason", reason,
					"generation", previous.generation(), "lease", Secrets.fingerprint(old.id()));
		}
		VaultDatabaseCredentials.Issued issued = this.vault.read();
		Instant now = this.clock.instant();
		this.failures = 0;
		this.problem = null;
		this.tokenOfLease = (issued.leaseId() != null) ? issued.token() : null;
		// Vault counts the lease from when it issued it: from this side, no later than the request
		Lease fresh = new Lease(issued.leaseId(), issued.ttl(), started.plus(issued.ttl()), issued.renewable());
		if (previous != null && previous.username().equals(issued.username())
				&& previous.password().equals(issued.password())) {
			// a static role read again before the engine rotated it
			this.lease = fresh;
			planStatic(issued.ttl());
			return false;
		}
		if (previous != null && this.settings.staticRole()) {
			PoolEvents.log(Level.INFO, "rotation.started", "pool", this.pool, "source", type(), "reason", reason,
					"generation", previous.generation(), "staticRole", true);
		}
		long generation = (previous != null) ? previous.generation() + 1 : 1;
		this.current = new Credentials(issued.username(), issued.password(), generation);
		this.lease = fresh;
		this.lastRotation = now;
		if (this.settings.staticRole()) {
			planStatic(issued.ttl());
		}
		else {
			plan(fresh.renewable() ? "renew" : "rotate", until(started.plus(this.settings.timing().actAfter(issued.ttl()))));
		}
		if (this.settings.staticRole()) {
			PoolEvents.log(Level.INFO, "credentials.obtained", "pool", this.pool, "source", type(), "generation",
					generation, "nextRotationIn", issued.ttl(), "duration", Duration.between(started, now));
		}
		else {
			PoolEvents.log(Level.INFO, "lease.obtained", "pool", this.pool, "source", type(), "generation", generation,
					"lease", Secrets.fingerprint(fresh.id()), "ttl", issued.ttl(), "renewable", fresh.renewable(),
					"duration", Duration.between(started, now));
		}
		if (previous == null) {
			return true;
		}
		if (old != null && old.id() != null) {
			this.retired.add(old.id(), old.expires(), previous.generation());
		}
		// credentials the database refused, or whose lease expired or was revoked with its token, serve no more
		boolean oldServe = !REASONS_OLD_ARE_DEAD.contains(reason) && this.replacing != previous.generation()
				&& (old == null || old.expires() == null || old.expires().isAfter(now));
		this.replaced = new Replaced(previous.generation(), oldServe ? ((old != null) ? old.expires() : null) : now);
		this.listeners.changed();
		return true;
	}

	private void renew() {
		Lease now = this.lease;
		Instant sent = this.clock.instant();
		Duration granted = this.vault.renew(now.id(), now.ttl());
		this.failures = 0;
		this.problem = null;
		// the lease runs from when Vault renewed it: from this side, no later than the request
		Instant expires = sent.plus(granted);
		if (granted.compareTo(now.ttl()) < 0) {
			// Vault grants the increment asked for in full unless the role's max TTL caps it:
			// replace the credentials while the old ones still have the time the old
			// connections need to drain
			PoolEvents.log(Level.INFO, "lease.capped", "pool", this.pool, "lease", Secrets.fingerprint(now.id()),
					"ttl", granted);
			this.lease = new Lease(now.id(), now.ttl(), expires, false);
			rotate("max-ttl");
			return;
		}
		this.lease = new Lease(now.id(), now.ttl(), expires, true);
		PoolEvents.log(Level.INFO, "lease.renewed", "pool", this.pool, "lease", Secrets.fingerprint(now.id()), "ttl",
				granted);
		plan("renew", until(sent.plus(this.settings.timing().actAfter(granted))));
	}

	private Duration until(Instant instant) {
		Duration delay = Duration.between(this.clock.instant(), instant);
		return delay.isNegative() ? Duration.ZERO : delay;
	}

	private void failed(VaultCallException ex, String action) {
		this.failures++;
		this.failedAttempts.incrementAndGet();
		this.problem = ex.getMessage();
		Lease now = this.lease;
		Duration left = (now != null && now.expires() != null) ? Duration.between(this.clock.instant(), now.expires())
				: null;
		PoolEvents.log(Level.WARN, "credentials.refresh.failed", "pool", this.pool, "source", type(), "action", action,
				"kind", ex.getKind(), "attempt", this.failures, "timeLeft", left, "reason", ex.getMessage());
		if (ex.getKind() == VaultCallException.Kind.TOKEN) {
			try {
				this.session.recover();
			}
			catch (RuntimeException recovery) {
				this.problem = ex.getMessage() + "; logging in again failed: " + recovery.getMessage();
			}
		}
		boolean rotateNext = ex.getKind() != VaultCallException.Kind.UNAVAILABLE || !"renew".equals(action);
		plan(rotateNext ? "rotate" : "renew", this.settings.timing().retryAfter(this.failures, left));
	}

	private void planStatic(Duration ttl) {
		// the engine changes the password when the period ends; read it again right after
		// (Vault's rotation queue may take a moment), and sooner when a login is refused
		Duration after = ttl.isZero() || ttl.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofMillis(500)
				: ttl.plusMillis(250);
		plan("rotate", after);
	}

	private void plan(String action, Duration delay) {
		if (this.closed) {
			return;
		}
		if (this.planned != null) {
			this.planned.cancel(false);
		}
		this.nextAction = this.clock.instant().plus(delay);
		this.planned = this.loop.schedule(() -> {
			try {
				if ("renew".equals(action)) {
					renew();
				}
				else {
					rotate(this.settings.staticRole() ? "period" : "scheduled");
				}
			}
			catch (VaultCallException ex) {
				failed(ex, action);
			}
			catch (RuntimeException ex) {
				failed(new VaultCallException(VaultCallException.Kind.UNAVAILABLE, 0, String.valueOf(ex.getMessage()),
						ex), action);
			}
		}, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static void awaitQuietly(Future<?> future, Duration timeout) {
		try {
			future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// the loop reports its own failures
		}
	}

	@Override
	public String toString() {
		Lease now = this.lease;
		return "VaultCredentialSource[" + this.vault.path() + ", generation "
				+ ((this.current != null) ? this.current.generation() : 0) + ", lease "
				+ ((now != null) ? Secrets.fingerprint(now.id()) : "none") + "]";
	}

	/**
	 * How the loop behaves.
	 *
	 * @param staticRole whether the role is a static role
	 * @param timing when to renew, rotate and retry
	 * @param revokeRetired whether a retired lease is revoked once its last connection closed
	 * (and leases held at shutdown are revoked); when off, Vault lets them expire
	 * @param refreshInterval the shortest time between two refreshes caused by the database
	 * refusing a login
	 */
	public record Settings(boolean staticRole, RotationTiming timing, boolean revokeRetired,
			Duration refreshInterval) {
	}

	/**
	 * The generation of the credentials replaced last, with when their lease expires.
	 */
	private record Replaced(long generation, Instant expires) {
	}

	/**
	 * The lease of the current credentials.
	 */
	private record Lease(String id, Duration ttl, Instant expires, boolean renewable) {
	}

}
