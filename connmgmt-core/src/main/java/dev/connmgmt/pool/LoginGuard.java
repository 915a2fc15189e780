package dev.connmgmt.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import dev.connmgmt.credentials.Credentials;

/**
 * Remembers a pool's latest authentication failure and limits how often the same refused
 * credentials are tried again, so that a misconfigured pool fails fast and never locks the
 * database account with a storm of logins. New credentials (another generation) are always
 * tried at once.
 */
final class LoginGuard {

	static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);

	static final Duration MAXIMUM_BACKOFF = Duration.ofSeconds(30);

	private final LongSupplier nanoClock;

	private final AtomicBoolean probing = new AtomicBoolean();

	private volatile Failure failure;

	private static final VarHandle FAILURE;

	static {
		try {
			FAILURE = MethodHandles.lookup().findVarHandle(LoginGuard.class, "failure", Failure.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	LoginGuard(LongSupplier nanoClock) {
		this.nanoClock = nanoClock;
	}

	/**
	 * Return the latest authentication failure, or {@code null} when the latest login
	 * succeeded. One volatile read: cheap enough for every borrow.
	 */
	Failure failure() {
		return this.failure;
	}

	/**
	 * Throw the remembered failure when these credentials were refused and the backoff has
	 * not passed yet.
	 */
	void checkLoginAllowed(Credentials credentials) throws PoolAuthenticationException {
		Failure current = this.failure;
		if (current != null && current.generation == credentials.generation()
				&& this.nanoClock.getAsLong() - current.nextAttemptNanos < 0) {
			throw current.exception.again();
		}
	}

	void succeeded() {
		if (this.failure != null) {
			this.failure = null;
		}
	}

	/**
	 * Forget the given failure, unless a newer one replaced it meanwhile: credentials of
	 * another generation deserve a login at once.
	 * @param failure the failure to forget
	 */
	void forget(Failure failure) {
		FAILURE.compareAndSet(this, failure, null);
	}

	PoolAuthenticationException failed(Credentials credentials, PoolAuthenticationException exception) {
		Failure previous = this.failure;
		int attempts = (previous != null && previous.generation == credentials.generation()) ? previous.attempts + 1 : 1;
		long backoff = Math.min(MAXIMUM_BACKOFF.toNanos(), INITIAL_BACKOFF.toNanos() << Math.min(attempts - 1, 16));
		this.failure = new Failure(credentials.generation(), attempts, this.nanoClock.getAsLong() + backoff, exception);
		return exception;
	}

	/**
	 * Elect one caller to try logging in again; the others keep failing fast meanwhile.
	 */
	boolean startProbe() {
		return this.probing.compareAndSet(false, true);
	}

	void endProbe() {
		this.probing.set(false);
	}

	boolean backoffPassed(Failure failure) {
		return this.nanoClock.getAsLong() - failure.nextAttemptNanos >= 0;
	}

	record Failure(long generation, int attempts, long nextAttemptNanos, PoolAuthenticationException exception) {
	}

}
