package dev.connmgmt.resilience;

import java.sql.SQLException;

import dev.connmgmt.pool.PoolUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerAcquisitionGuardTests {

	private final CircuitBreaker breaker = CircuitBreaker.of("orders",
			CircuitBreakerConfig.custom().slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50).build());

	private final CircuitBreakerAcquisitionGuard guard = new CircuitBreakerAcquisitionGuard("orders", this.breaker);

	@Test
	void healthyGuardIsQuietAndLeavesTheBreakerUntouched() {
		assertThat(this.guard.isQuiet()).isTrue();
		assertThat(this.breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
	}

	@Test
	void failureMakesTheGuardRecordSuccessesUntilAWholeWindowSucceeded() {
		this.guard.failed(1_000, new SQLException("refused", "08001"));
		assertThat(this.guard.isQuiet()).isFalse();
		for (int i = 0; i < 3; i++) {
			assertThat(this.guard.tryAcquire()).isTrue();
			this.guard.succeeded(1_000);
			assertThat(this.guard.isQuiet()).isFalse();
		}
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(3);
		this.guard.succeeded(1_000);
		assertThat(this.guard.isQuiet()).isTrue();
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(4);
	}

	@Test
	void failuresOpenTheBreakerAndTheOpenBreakerRejects() {
		for (int i = 0; i < 4; i++) {
			this.guard.failed(1_000, new SQLException("refused", "08001"));
		}
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.guard.isQuiet()).isFalse();
		assertThat(this.guard.tryAcquire()).isFalse();
		assertThat((Throwable) this.guard.rejection()).isInstanceOf(PoolUnavailableException.class)
			.hasMessageContaining("Pool 'orders' is unavailable: circuit breaker 'orders' is OPEN")
			.hasMessageContaining("4 of the last 4 acquisitions failed");
	}

	@Test
	void breakerOpenedFromOutsideIsNoticedAtOnce() {
		this.breaker.transitionToForcedOpenState();
		assertThat(this.guard.isQuiet()).isFalse();
		assertThat(this.guard.tryAcquire()).isFalse();
	}

}
