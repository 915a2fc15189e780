package dev.connmgmt.internal.resilience;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.connmgmt.internal.pool.AcquisitionGuard;
import dev.connmgmt.pool.PoolUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
	void connectsAcceptedAgainLetAnOpenBreakersTrialsThroughAtOnce() {
		for (int i = 0; i < 4; i++) {
			this.guard.failed(1_000, new SQLException("refused", "08001"));
		}
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		this.guard.connectsAccepted();
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(this.guard.tryAcquire()).isTrue();
	}

	@Test
	void connectsAcceptedLeaveAClosedOrForcedOpenBreakerAsItIs() {
		this.guard.connectsAccepted();
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		this.breaker.transitionToForcedOpenState();
		this.guard.connectsAccepted();
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
	}

	@Test
	void breakerOpenedFromOutsideIsNoticedAtOnce() {
		this.breaker.transitionToForcedOpenState();
		assertThat(this.guard.isQuiet()).isFalse();
		assertThat(this.guard.tryAcquire()).isFalse();
	}

	@Test
	void healthyBorrowsCountAsTheyDoForAPlainBreaker() {
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowSize(100)
			.minimumNumberOfCalls(10)
			.failureRateThreshold(50)
			.build();
		Calls calls = new Calls(config);
		for (int i = 0; i < 10_000; i++) {
			calls.success(0);
		}
		for (int i = 0; i < 10; i++) {
			calls.failure(timeout());
		}
		calls.assertSameMeasure();
		assertThat(calls.guarded.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(calls.guarded.getMetrics().getFailureRate()).isEqualTo(10f);
		calls.guard.close();
	}

	@Test
	void simultaneousTimeoutsAfterHealthyBorrowsLandAfterThemInTheWindow() throws Exception {
		CircuitBreaker breaker = CircuitBreaker.of("orders", CircuitBreakerConfig.custom()
			.slidingWindowSize(100)
			.minimumNumberOfCalls(10)
			.failureRateThreshold(50)
			.build());
		CircuitBreakerAcquisitionGuard guard = new CircuitBreakerAcquisitionGuard("orders", breaker);
		for (int i = 0; i < 10_000; i++) {
			guard.succeededQuietly(0);
		}
		ExecutorService callers = Executors.newFixedThreadPool(10);
		try {
			CyclicBarrier together = new CyclicBarrier(10);
			List<Future<?>> timeouts = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				timeouts.add(callers.submit(() -> {
					together.await();
					guard.failed(0, timeout());
					return null;
				}));
			}
			for (Future<?> timedOut : timeouts) {
				timedOut.get(10, TimeUnit.SECONDS);
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(10);
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(100);
		assertThat(breaker.getMetrics().getFailureRate()).isEqualTo(10f);
	}

	@Test
	void successesThePoolCountsLandInTheWindowBeforeTheNextFailure() {
		CircuitBreaker breaker = CircuitBreaker.of("orders", CircuitBreakerConfig.custom()
			.slidingWindowSize(100)
			.minimumNumberOfCalls(10)
			.failureRateThreshold(50)
			.build());
		CircuitBreakerAcquisitionGuard guard = new CircuitBreakerAcquisitionGuard("orders", breaker);
		AtomicLong counted = new AtomicLong(500);
		assertThat(guard.countQuietSuccessesFrom(counted::get)).isTrue();
		counted.addAndGet(6);
		guard.succeededQuietly(0);
		guard.failed(0, timeout());
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(8);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		counted.addAndGet(10_000);
		for (int i = 0; i < 10; i++) {
			guard.failed(0, timeout());
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(100);
		assertThat(breaker.getMetrics().getFailureRate()).isEqualTo(10f);
		breaker.transitionToOpenState();
		counted.addAndGet(40);
		breaker.transitionToClosedState();
		guard.failed(0, timeout());
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls())
			.as("successes counted while the breaker was not closed are dropped")
			.isEqualTo(1);
		guard.close();
	}

	@Test
	void slowAcquisitionsCountAgainstTheSlowCallThreshold() {
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowSize(10)
			.minimumNumberOfCalls(10)
			.slowCallDurationThreshold(Duration.ofMillis(100))
			.slowCallRateThreshold(50)
			.build();
		Calls calls = new Calls(config);
		assertThat(calls.guard.slowAcquisitionNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
		for (int i = 0; i < 20; i++) {
			calls.success(Duration.ofMillis(1).toNanos());
		}
		for (int i = 0; i < 4; i++) {
			calls.success(Duration.ofMillis(200).toNanos());
			calls.success(Duration.ofMillis(1).toNanos());
			calls.assertSameMeasure();
		}
		assertThat(calls.guarded.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		calls.success(Duration.ofMillis(200).toNanos());
		calls.assertSameMeasure();
		assertThat(calls.guarded.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(calls.guarded.getMetrics().getNumberOfSlowCalls()).isEqualTo(5);
		calls.guard.close();
	}

	@Test
	void timeBasedWindowCountsSuccessesInTheSecondTheyHappened() {
		MutableClock clock = new MutableClock();
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowType(SlidingWindowType.TIME_BASED)
			.slidingWindowSize(10)
			.minimumNumberOfCalls(10)
			.failureRateThreshold(50)
			.clock(clock)
			.build();
		Calls calls = new Calls(config);
		for (int second = 0; second < 30; second++) {
			for (int i = 0; i < 50; i++) {
				calls.success(0);
			}
			calls.guard.flushPendingSuccesses();
			clock.advance(Duration.ofSeconds(1));
		}
		calls.assertSameMeasure();
		for (int i = 0; i < 30; i++) {
			calls.success(0);
		}
		for (int i = 0; i < 10; i++) {
			calls.failure(timeout());
		}
		calls.assertSameMeasure();
		assertThat(calls.guarded.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		clock.advance(Duration.ofSeconds(9));
		for (int i = 0; i < 20; i++) {
			calls.success(0);
		}
		while (calls.plain.getState() == CircuitBreaker.State.CLOSED) {
			calls.failure(timeout());
			calls.assertSameMeasure();
		}
		assertThat(calls.guarded.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		calls.guard.close();
	}

	@Test
	void timeBasedWindowIsHandedQuietSuccessesEverySecond() {
		CircuitBreaker timeBased = CircuitBreaker.of("reports", CircuitBreakerConfig.custom()
			.slidingWindowType(SlidingWindowType.TIME_BASED)
			.slidingWindowSize(60)
			.build());
		CircuitBreakerAcquisitionGuard guard = new CircuitBreakerAcquisitionGuard("reports", timeBased);
		try {
			for (int i = 0; i < 25; i++) {
				guard.succeededQuietly(0);
			}
			await().atMost(Duration.ofSeconds(5))
				.until(() -> timeBased.getMetrics().getNumberOfSuccessfulCalls() == 25);
		}
		finally {
			guard.close();
		}
	}

	@Test
	void successesCountedWhileClosedAreDroppedWhenTheBreakerOpens() {
		for (int i = 0; i < 3; i++) {
			this.guard.succeededQuietly(0);
		}
		this.breaker.transitionToOpenState();
		this.breaker.transitionToHalfOpenState();
		this.breaker.transitionToClosedState();
		this.guard.failed(1_000, new SQLException("refused", "08001"));
		assertThat(this.breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
	}

	@Test
	void releasedAcquisitionCountsNeitherWay() {
		this.breaker.transitionToOpenState();
		this.breaker.transitionToHalfOpenState();
		for (int i = 0; i < this.breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState(); i++) {
			assertThat(this.guard.tryAcquire()).isTrue();
		}
		assertThat(this.guard.tryAcquire()).isFalse();
		this.guard.released();
		assertThat(this.guard.tryAcquire()).isTrue();
		assertThat(this.breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
	}

	private static SQLException timeout() {
		return new SQLTransientConnectionException("Connection is not available, request timed out", "08001",
				new SQLException("Connection refused", "08001"));
	}

	/**
	 * The same calls made through a guard, the way ManagedDataSource makes them, and
	 * straight on a plain breaker.
	 */
	private static final class Calls {

		private final CircuitBreaker guarded;

		private final CircuitBreaker plain;

		private final CircuitBreakerAcquisitionGuard guard;

		Calls(CircuitBreakerConfig config) {
			this.guarded = CircuitBreaker.of("guarded", config);
			this.plain = CircuitBreaker.of("plain", config);
			this.guard = new CircuitBreakerAcquisitionGuard("orders", this.guarded);
		}

		void success(long nanos) {
			this.plain.onSuccess(nanos, TimeUnit.NANOSECONDS);
			if (this.guard.isQuiet()) {
				this.guard.succeededQuietly(nanos);
			}
			else {
				assertThat(this.guard.tryAcquire()).isTrue();
				this.guard.succeeded(nanos);
			}
		}

		void failure(SQLException failure) {
			this.plain.onError(0, TimeUnit.NANOSECONDS, failure);
			AcquisitionGuard guard = this.guard;
			if (!guard.isQuiet()) {
				assertThat(guard.tryAcquire()).isTrue();
			}
			guard.failed(0, failure);
		}

		void assertSameMeasure() {
			CircuitBreaker.Metrics expected = this.plain.getMetrics();
			CircuitBreaker.Metrics actual = this.guarded.getMetrics();
			assertThat(this.guarded.getState()).isEqualTo(this.plain.getState());
			assertThat(actual.getFailureRate()).isEqualTo(expected.getFailureRate());
			assertThat(actual.getSlowCallRate()).isEqualTo(expected.getSlowCallRate());
			assertThat(actual.getNumberOfBufferedCalls()).isEqualTo(expected.getNumberOfBufferedCalls());
			assertThat(actual.getNumberOfFailedCalls()).isEqualTo(expected.getNumberOfFailedCalls());
			assertThat(actual.getNumberOfSlowCalls()).isEqualTo(expected.getNumberOfSlowCalls());
		}

	}

	private static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
