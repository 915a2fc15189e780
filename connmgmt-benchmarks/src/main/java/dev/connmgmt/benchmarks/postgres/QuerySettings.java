package dev.connmgmt.benchmarks.postgres;

import java.time.Duration;

import dev.connmgmt.benchmarks.JmhSettings;

/**
 * How long the query benchmark measures: warmup and measured iterations come in whole
 * rounds, every stack taking its turns in each ({@link QueryBenchmark#stackOf(int)}).
 *
 * @param warmup the length of each warmup iteration; one round of them
 * @param iteration the length of each measured iteration
 * @param contendedRounds measured rounds of the primary-key lookup at 8 threads, the
 * contended case the targets judge: enough for confidence intervals of a few percent
 * @param otherRounds measured rounds of every other query and thread count
 */
public record QuerySettings(Duration warmup, Duration iteration, int contendedRounds, int otherRounds) {

	JmhSettings jmh(int rounds) {
		int perRound = QueryBenchmark.iterationsPerRound();
		return new JmhSettings(perRound, this.warmup, rounds * perRound, this.iteration);
	}

}
