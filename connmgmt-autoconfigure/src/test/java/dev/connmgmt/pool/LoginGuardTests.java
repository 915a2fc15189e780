package dev.connmgmt.pool;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.connmgmt.credentials.Credentials;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class LoginGuardTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final LoginGuard guard = new LoginGuard(this.now::get);

	private final Credentials refused = new Credentials("app", "wrong", 1);

	@Test
	void allowsLoginsWhileNothingFailed() {
		assertThat(this.guard.failure()).isNull();
		assertThatNoException().isThrownBy(() -> this.guard.checkLoginAllowed(this.refused));
	}

	@Test
	void refusedCredentialsAreNotTriedAgainUntilTheBackoffPassed() {
		this.guard.failed(this.refused, exception());
		assertThatExceptionOfType(PoolAuthenticationException.class)
			.isThrownBy(() -> this.guard.checkLoginAllowed(this.refused))
			.satisfies((ex) -> assertThat(ex.getPoolName()).isEqualTo("orders"));
		advance(LoginGuard.INITIAL_BACKOFF.minusMillis(1));
		assertThatExceptionOfType(PoolAuthenticationException.class)
			.isThrownBy(() -> this.guard.checkLoginAllowed(this.refused));
		advance(Duration.ofMillis(1));
		assertThatNoException().isThrownBy(() -> this.guard.checkLoginAllowed(this.refused));
	}

	@Test
	void backoffDoublesUpToTheMaximum() {
		Duration expected = LoginGuard.INITIAL_BACKOFF;
		for (int attempt = 0; attempt < 12; attempt++) {
			this.guard.failed(this.refused, exception());
			advance(expected.minusMillis(1));
			assertThatExceptionOfType(PoolAuthenticationException.class)
				.isThrownBy(() -> this.guard.checkLoginAllowed(this.refused));
			advance(Duration.ofMillis(1));
			assertThatNoException().isThrownBy(() -> this.guard.checkLoginAllowed(this.refused));
			expected = min(expected.multipliedBy(2), LoginGuard.MAXIMUM_BACKOFF);
		}
		assertThat(expected).isEqualTo(LoginGuard.MAXIMUM_BACKOFF);
	}

	@Test
	void newCredentialsAreTriedAtOnce() {
		this.guard.failed(this.refused, exception());
		assertThatNoException().isThrownBy(() -> this.guard.checkLoginAllowed(new Credentials("app", "right", 2)));
	}

	@Test
	void successForgetsTheFailure() {
		this.guard.failed(this.refused, exception());
		this.guard.succeeded();
		assertThat(this.guard.failure()).isNull();
		assertThatNoException().isThrownBy(() -> this.guard.checkLoginAllowed(this.refused));
	}

	@Test
	void onlyOneCallerProbesAtATime() {
		assertThat(this.guard.startProbe()).isTrue();
		assertThat(this.guard.startProbe()).isFalse();
		this.guard.endProbe();
		assertThat(this.guard.startProbe()).isTrue();
	}

	@Test
	void eachCallerGetsItsOwnException() {
		this.guard.failed(this.refused, exception());
		PoolAuthenticationException first = catchAuthentication();
		PoolAuthenticationException second = catchAuthentication();
		assertThat((Throwable) first).isNotSameAs(second).hasMessage(second.getMessage());
		assertThat(first.getSQLState()).isEqualTo("28P01");
	}

	private PoolAuthenticationException catchAuthentication() {
		try {
			this.guard.checkLoginAllowed(this.refused);
		}
		catch (PoolAuthenticationException ex) {
			return ex;
		}
		throw new AssertionError("expected the login to be refused");
	}

	private static PoolAuthenticationException exception() {
		return new PoolAuthenticationException("orders", "app", "jdbc:postgresql://db/orders", "refused", "28P01",
				new SQLException("refused", "28P01"));
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
