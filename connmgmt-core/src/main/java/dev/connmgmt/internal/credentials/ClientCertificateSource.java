package dev.connmgmt.internal.credentials;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentSkipListMap;
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

import dev.connmgmt.credentials.ClientCertificate;
import dev.connmgmt.credentials.ConnectionCensus;
import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.credentials.CredentialStatus;
import dev.connmgmt.credentials.Credentials;
import dev.connmgmt.internal.events.PoolEvents;
import org.slf4j.event.Level;

/**
 * Adds a TLS client certificate to the credentials of another source, and replaces it
 * before it expires: at {@code rotate-at} of its lifetime (from the request to its
 * NotAfter) the loop issues a new one, which makes a new credential generation, so that the
 * pool retires the connections of the old certificate exactly as it retires those of a
 * rotated password. A change of the other source's credentials makes a new generation too.
 * <p>
 * Failures are retried on the schedule {@link RotationTiming} takes from the time the
 * current certificate has left; a login the database refuses makes the loop issue a new
 * certificate at once, at most once per refresh interval.
 *
 * @since 0.1.0
 */
public final class ClientCertificateSource implements CredentialSource, AutoCloseable {

	private static final int KEPT_GENERATIONS = 64;

	private static final Duration REPLACEMENT_WINDOW = Duration.ofSeconds(5);

	private final String pool;

	private final CredentialSource base;

	private final Issuer issuer;

	private final RotationTiming timing;

	private final Duration refreshInterval;

	private final Clock clock;

	private final ScheduledExecutorService loop;

	private final ChangeListeners listeners;

	private final ConcurrentSkipListMap<Long, State> generations = new ConcurrentSkipListMap<>();

	private final AtomicLong failedAttempts = new AtomicLong();

	private final AtomicBoolean nudged = new AtomicBoolean();

	private volatile State state;

	private volatile Instant lastRotation;

	private volatile Instant nextAction;

	private volatile String problem;

	private volatile Instant lastRefreshOnRejection = Instant.MIN;

	private volatile long replacing = -1;

	private volatile Instant replacingUntil = Instant.MIN;

	private volatile boolean closed;

	private ScheduledFuture<?> planned;

	private int failures;

	/**
	 * Create a source; {@link #start()} issues the first certificate.
	 * @param pool the pool, for events
	 * @param base where the username (and any password) come from
	 * @param issuer where certificates come from
	 * @param timing when to replace certificates and retry
	 * @param refreshInterval the shortest time between two certificates issued because the
	 * database refused a login
	 * @param clock the clock
	 */
	public ClientCertificateSource(String pool, CredentialSource base, Issuer issuer, RotationTiming timing,
			Duration refreshInterval, Clock clock) {
		this.pool = pool;
		this.base = base;
		this.issuer = issuer;
		this.timing = timing;
		this.refreshInterval = refreshInterval;
		this.clock = clock;
		this.listeners = new ChangeListeners(pool);
		this.loop = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "connmgmt-" + pool + "-certificate");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Issue the first certificate and start the loop.
	 * @return the first certificate's lifetime
	 * @throws VaultCallException when it cannot be issued
	 */
	public Duration start() {
		try {
			this.loop.submit(() -> rotate("start")).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			close();
			throw new VaultCallException(VaultCallException.Kind.UNAVAILABLE, 0,
					"Interrupted issuing a certificate from " + this.issuer.path(), ex);
		}
		catch (ExecutionException ex) {
			close();
			if (ex.getCause() instanceof VaultCallException failure) {
				throw failure;
			}
			throw new IllegalStateException("Could not issue a certificate from " + this.issuer.path(), ex.getCause());
		}
		this.base.onChange(this::baseChanged);
		State now = this.state;
		return Duration.between(now.requested(), now.certificate().notAfter());
	}

	/**
	 * Return the latest credentials with the latest certificate, at once; the loop alone
	 * waits on the issuer, and is nudged to act now when the certificate has expired.
	 */
	@Override
	public Credentials current() {
		State now = this.state;
		Credentials base = this.base.current();
		if (base.generation() != now.base().generation()) {
			now = rebase(base);
		}
		if (!this.closed && !this.clock.instant().isBefore(now.certificate().notAfter())) {
			nudge(now);
		}
		return now.combined();
	}

	@Override
	public String type() {
		return this.base.type();
	}

	@Override
	public void rejected(Credentials rejected, SQLException failure) {
		State refused = this.generations.get(rejected.generation());
		if (this.closed || refused == null) {
			return;
		}
		this.base.rejected(refused.base(), failure);
		if (refused != this.state) {
			return;
		}
		Instant now = this.clock.instant();
		if (this.replacing != rejected.generation()) {
			this.replacingUntil = now.plus(REPLACEMENT_WINDOW);
			this.replacing = rejected.generation();
		}
		if (now.isBefore(this.lastRefreshOnRejection.plus(this.refreshInterval))) {
			return;
		}
		this.lastRefreshOnRejection = now;
		PoolEvents.log(Level.WARN, "certificate.rejected", "pool", this.pool, "generation", rejected.generation(),
				"serial", serial(refused.certificate()), "sqlstate", failure.getSQLState());
		onLoop(() -> rotateIfStill(refused, "rejected"));
	}

	@Override
	public boolean replacing(long refusedGeneration) {
		State refused = this.generations.get(refusedGeneration);
		boolean certificate = this.replacing == refusedGeneration && this.state.generation() == refusedGeneration
				&& this.clock.instant().isBefore(this.replacingUntil);
		return !this.closed && (certificate || (refused != null && this.base.replacing(refused.base().generation())));
	}

	/**
	 * Issue a new certificate now (and have the other source replace its credentials when
	 * it can), retiring the current generation.
	 * @return whether new credentials were obtained
	 */
	@Override
	public boolean refresh() {
		boolean base = this.base.refresh();
		Future<Boolean> done = this.loop.submit(() -> {
			try {
				rotate("requested");
				return true;
			}
			catch (VaultCallException ex) {
				failed(ex, "requested");
				return false;
			}
		});
		try {
			return done.get(30, TimeUnit.SECONDS) || base;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return base;
		}
		catch (ExecutionException | TimeoutException ex) {
			return base;
		}
	}

	@Override
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

	/**
	 * Return how long the credentials of a generation keep working: until their
	 * certificate's NotAfter, or sooner when the other source's credentials expire first.
	 */
	@Override
	public Duration timeLeft(long generation) {
		State of = this.generations.get(generation);
		if (of == null) {
			return null;
		}
		Duration certificate = Duration.between(this.clock.instant(), of.certificate().notAfter());
		Duration base = this.base.timeLeft(of.base().generation());
		return (base != null && base.compareTo(certificate) < 0) ? base : certificate;
	}

	@Override
	public void track(ConnectionCensus census) {
		this.base.track((baseGeneration) -> this.generations.values()
			.stream()
			.filter((of) -> of.base().generation() == baseGeneration)
			.mapToInt((of) -> census.openConnections(of.generation()))
			.sum());
	}

	@Override
	public CredentialStatus status() {
		CredentialStatus base = this.base.status();
		State now = this.state;
		Instant instant = this.clock.instant();
		Instant notAfter = now.certificate().notAfter();
		String trouble = this.problem;
		Duration left = Duration.between(instant, notAfter);
		boolean atRisk = left.isNegative() || (trouble != null
				&& this.timing.atRisk(Duration.between(now.requested(), notAfter), left));
		String problems = (trouble == null) ? base.problem()
				: "client certificate: " + trouble + ((base.problem() != null) ? "; " + base.problem() : "");
		return new CredentialStatus(base.type(), now.generation(), latest(base.lastRotation(), this.lastRotation),
				earliest(base.nextRotation(), this.nextAction), earliest(base.expires(), notAfter), base.lease(),
				problems, base.atRisk() || atRisk, base.failedAttempts() + this.failedAttempts.get());
	}

	/**
	 * Stop the loop, and close the other source.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.loop.shutdownNow();
		if (this.base instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				PoolEvents.log(Level.WARN, "credentials.close.failed", "pool", this.pool, "reason", ex.getMessage());
			}
		}
	}

	private void baseChanged() {
		rebase(this.base.current());
		this.listeners.changed();
	}

	private synchronized State rebase(Credentials base) {
		State now = this.state;
		if (now.base().generation() == base.generation()) {
			return now;
		}
		return install(base, now.certificate(), now.requested());
	}

	private synchronized State install(Credentials base, ClientCertificate certificate, Instant requested) {
		State previous = this.state;
		long generation = (previous != null) ? previous.generation() + 1 : 1;
		State next = new State(generation, base, certificate, requested,
				new Credentials(base.username(), base.password(), certificate, generation));
		this.generations.put(generation, next);
		while (this.generations.size() > KEPT_GENERATIONS) {
			this.generations.pollFirstEntry();
		}
		this.state = next;
		return next;
	}

	/**
	 * Issue a certificate and make it current. Runs on the loop's thread only.
	 */
	private void rotate(String reason) {
		Instant started = this.clock.instant();
		State previous = this.state;
		if (previous != null) {
			PoolEvents.log(Level.INFO, "rotation.started", "pool", this.pool, "source", "client-certificate",
					"reason", reason, "generation", previous.generation(), "serial", serial(previous.certificate()));
		}
		ClientCertificate certificate = this.issuer.issue();
		Instant now = this.clock.instant();
		this.failures = 0;
		this.problem = null;
		State next = install(this.base.current(), certificate, started);
		this.lastRotation = now;
		Duration lifetime = Duration.between(started, certificate.notAfter());
		plan(until(started.plus(this.timing.actAfter(lifetime.isNegative() ? Duration.ZERO : lifetime))));
		PoolEvents.log(Level.INFO, "certificate.obtained", "pool", this.pool, "generation", next.generation(),
				"serial", serial(certificate), "commonName", certificate.commonName(), "notAfter",
				certificate.notAfter(), "ttl", lifetime, "duration", Duration.between(started, now));
		if (previous != null) {
			this.listeners.changed();
		}
	}

	private void rotateIfStill(State seen, String reason) {
		if (this.state == seen && !this.closed) {
			try {
				rotate(reason);
			}
			catch (VaultCallException ex) {
				failed(ex, reason);
			}
		}
	}

	private void nudge(State expired) {
		if (!this.nudged.compareAndSet(false, true)) {
			return;
		}
		boolean queued = onLoop(() -> {
			try {
				Instant planned = this.nextAction;
				if (this.failures == 0 || (planned != null && planned.plusSeconds(1).isBefore(this.clock.instant()))) {
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
			return false;
		}
	}

	private void failed(VaultCallException ex, String action) {
		this.failures++;
		this.failedAttempts.incrementAndGet();
		this.problem = ex.getMessage();
		State now = this.state;
		Duration left = (now != null) ? Duration.between(this.clock.instant(), now.certificate().notAfter()) : null;
		PoolEvents.log(Level.WARN, "certificate.refresh.failed", "pool", this.pool, "action", action, "kind",
				ex.getKind(), "attempt", this.failures, "timeLeft", left, "reason", ex.getMessage());
		if (ex.getKind() == VaultCallException.Kind.TOKEN) {
			try {
				this.issuer.recover();
			}
			catch (RuntimeException recovery) {
				this.problem = ex.getMessage() + "; logging in again failed: " + recovery.getMessage();
			}
		}
		plan(this.timing.retryAfter(this.failures, left));
	}

	private void plan(Duration delay) {
		if (this.closed) {
			return;
		}
		if (this.planned != null) {
			this.planned.cancel(false);
		}
		this.nextAction = this.clock.instant().plus(delay);
		this.planned = this.loop.schedule(() -> {
			try {
				rotate("scheduled");
			}
			catch (VaultCallException ex) {
				failed(ex, "rotate");
			}
			catch (RuntimeException ex) {
				failed(new VaultCallException(VaultCallException.Kind.UNAVAILABLE, 0, String.valueOf(ex.getMessage()),
						ex), "rotate");
			}
		}, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private Duration until(Instant instant) {
		Duration delay = Duration.between(this.clock.instant(), instant);
		return delay.isNegative() ? Duration.ZERO : delay;
	}

	private static Instant earliest(Instant a, Instant b) {
		return (a == null) ? b : (b == null || a.isBefore(b)) ? a : b;
	}

	private static Instant latest(Instant a, Instant b) {
		return (a == null) ? b : (b == null || a.isAfter(b)) ? a : b;
	}

	private static String serial(ClientCertificate certificate) {
		return certificate.serialNumber().toString(16);
	}

	@Override
	public String toString() {
		State now = this.state;
		return "ClientCertificateSource[" + this.issuer.path() + ", generation " + ((now != null) ? now.generation() : 0)
				+ ", " + ((now != null) ? now.certificate() : "no certificate") + "]";
	}

	/**
	 * Where certificates come from.
	 */
	public interface Issuer {

		/**
		 * Return where certificates are issued, for messages.
		 * @return the path, such as {@code pki/issue/orders}
		 */
		String path();

		/**
		 * Issue a certificate and its key.
		 * @return the certificate
		 * @throws VaultCallException when it cannot be issued
		 */
		ClientCertificate issue();

		/**
		 * Log in again after the token was refused. The default does nothing.
		 */
		default void recover() {
		}

	}

	/**
	 * One generation: the other source's credentials, the certificate and when it was
	 * asked for, and the credentials they make together.
	 */
	private record State(long generation, Credentials base, ClientCertificate certificate, Instant requested,
			Credentials combined) {
	}

}
