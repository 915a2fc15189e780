package dev.connmgmt.benchmarks.harness;

import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.function.Predicate;

import dev.connmgmt.pool.PoolUnavailableException;
import org.HdrHistogram.Histogram;

/**
 * One completed request of a load.
 *
 * @param scheduledNanos when it was due, on the {@link System#nanoTime()} clock
 * @param startedNanos when a worker started it
 * @param completedNanos when it completed
 * @param failure why it failed, or {@code null}
 */
record Outcome(long scheduledNanos, long startedNanos, long completedNanos, Throwable failure) {

	/**
	 * Return the latency from the scheduled start.
	 * @return microseconds
	 */
	long latencyMicros() {
		return Math.max(0, (this.completedNanos - this.scheduledNanos) / 1_000);
	}

	/**
	 * Return the time the request itself took, without waiting for a worker.
	 * @return microseconds
	 */
	long inCallMicros() {
		return Math.max(0, (this.completedNanos - this.startedNanos) / 1_000);
	}

	/**
	 * Return the wait for a worker, from the scheduled start to the call.
	 * @return microseconds
	 */
	long handoffMicros() {
		return Math.max(0, (this.startedNanos - this.scheduledNanos) / 1_000);
	}

	boolean failed() {
		return this.failure != null;
	}

	boolean scheduledIn(long fromNanos, long toNanos) {
		return this.scheduledNanos - fromNanos >= 0 && this.scheduledNanos - toNanos < 0;
	}

	/**
	 * Return how the request failed.
	 * @return the kind of failure, or {@code null} when it succeeded
	 */
	Failure kind() {
		if (this.failure == null) {
			return null;
		}
		for (Throwable cause = this.failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof PoolUnavailableException) {
				return Failure.REJECTED_BY_BREAKER;
			}
		}
		for (Throwable cause = this.failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException) {
				return Failure.ACQUIRE_TIMEOUT;
			}
		}
		return Failure.QUERY_FAILED;
	}

	/**
	 * Summarise the latencies of some outcomes.
	 * @param outcomes the outcomes
	 * @param filter which of them
	 * @return the summary
	 */
	static Latencies latencies(List<Outcome> outcomes, Predicate<Outcome> filter) {
		Histogram histogram = histogram();
		outcomes.stream().filter(filter).forEach((outcome) -> histogram.recordValue(outcome.latencyMicros()));
		return Latencies.of(histogram);
	}

	/**
	 * Summarise the in-call times of some outcomes.
	 * @param outcomes the outcomes
	 * @param filter which of them
	 * @return the summary
	 */
	static Latencies inCall(List<Outcome> outcomes, Predicate<Outcome> filter) {
		Histogram histogram = histogram();
		outcomes.stream().filter(filter).forEach((outcome) -> histogram.recordValue(outcome.inCallMicros()));
		return Latencies.of(histogram);
	}

	/**
	 * Summarise the waits for a worker of some outcomes.
	 * @param outcomes the outcomes
	 * @param filter which of them
	 * @return the summary
	 */
	static Latencies handoff(List<Outcome> outcomes, Predicate<Outcome> filter) {
		Histogram histogram = histogram();
		outcomes.stream().filter(filter).forEach((outcome) -> histogram.recordValue(outcome.handoffMicros()));
		return Latencies.of(histogram);
	}

	static Histogram histogram() {
		return new Histogram(3_600_000_000L, 3);
	}

	/**
	 * Kinds of failed requests.
	 */
	enum Failure {

		/**
		 * Refused at once by connmgmt's open circuit breaker.
		 */
		REJECTED_BY_BREAKER,

		/**
		 * No connection within the pool's connection timeout.
		 */
		ACQUIRE_TIMEOUT,

		/**
		 * A connection was borrowed but the query failed on it.
		 */
		QUERY_FAILED

	}

}
