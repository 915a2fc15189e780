package dev.connmgmt.benchmarks.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.connmgmt.benchmarks.report.PairedRatio;
import org.HdrHistogram.Histogram;

/**
 * One query at one thread count, every stack taking turns in the same fork: each measured
 * iteration's throughput, allocation and latencies, and what follows from them.
 *
 * @param query the benchmark method
 * @param threads benchmark threads
 * @param iterations the measured iterations, in order
 */
record QueryRun(String query, int threads, List<Iteration> iterations) {

	/**
	 * Return the complete rounds, in each of which every stack took its turns.
	 * @return the rounds
	 */
	int rounds() {
		return this.iterations.size() / QueryBenchmark.iterationsPerRound();
	}

	/**
	 * Summarise one stack over all its iterations.
	 * @param stack the stack
	 * @return the summary
	 */
	Summary summary(PostgresStack stack) {
		List<Iteration> of = this.iterations.stream().filter((i) -> i.stack() == stack).toList();
		Histogram nanos = merged(of);
		return new Summary(stack, of.size(), mean(of, Iteration::opsPerSecond),
				of.stream().mapToDouble(Iteration::opsPerSecond).min().orElse(Double.NaN),
				of.stream().mapToDouble(Iteration::opsPerSecond).max().orElse(Double.NaN), nanos.getTotalCount(),
				micros(nanos, 50), micros(nanos, 99), micros(nanos, 99.9), mean(of, Iteration::bytesPerOp));
	}

	/**
	 * The ratio of one stack's throughput to another's, paired by round.
	 * @param stack the stack
	 * @param baseline the stack it is compared with
	 * @return the ratio and its confidence interval
	 */
	PairedRatio throughput(PostgresStack stack, PostgresStack baseline) {
		return paired((round) -> mean(round.get(stack), Iteration::opsPerSecond)
				/ mean(round.get(baseline), Iteration::opsPerSecond));
	}

	/**
	 * The ratio of one stack's 99th percentile latency to another's, paired by round: each
	 * stack's percentile over all its operations in the round.
	 * @param stack the stack
	 * @param baseline the stack it is compared with
	 * @return the ratio and its confidence interval
	 */
	PairedRatio p99(PostgresStack stack, PostgresStack baseline) {
		return paired((round) -> micros(merged(round.get(stack)), 99) / micros(merged(round.get(baseline)), 99));
	}

	private PairedRatio paired(ToDoubleFunction<Map<PostgresStack, List<Iteration>>> ratio) {
		List<Double> ratios = new ArrayList<>();
		int perRound = QueryBenchmark.iterationsPerRound();
		for (int round = 0; round < rounds(); round++) {
			Map<PostgresStack, List<Iteration>> byStack = new LinkedHashMap<>();
			for (Iteration iteration : this.iterations.subList(round * perRound, (round + 1) * perRound)) {
				byStack.computeIfAbsent(iteration.stack(), (stack) -> new ArrayList<>()).add(iteration);
			}
			ratios.add(ratio.applyAsDouble(byStack));
		}
		return PairedRatio.of(ratios);
	}

	private static Histogram merged(List<Iteration> iterations) {
		Histogram merged = new Histogram(QueryBenchmark.Latency.HIGHEST_NANOS, QueryBenchmark.Latency.DIGITS);
		iterations.forEach((iteration) -> merged.add(iteration.nanos()));
		return merged;
	}

	private static double micros(Histogram nanos, double percentile) {
		return (nanos.getTotalCount() > 0) ? nanos.getValueAtPercentile(percentile) / 1000.0 : Double.NaN;
	}

	private static double mean(List<Iteration> iterations, ToDoubleFunction<Iteration> value) {
		return iterations.stream().mapToDouble(value).average().orElse(Double.NaN);
	}

	/**
	 * One measured iteration.
	 *
	 * @param index its index among the measured iterations
	 * @param stack the stack it measured
	 * @param opsPerSecond its throughput
	 * @param bytesPerOp allocation per operation, from the GC profiler
	 * @param nanos the latency of each of its operations
	 */
	record Iteration(int index, PostgresStack stack, double opsPerSecond, double bytesPerOp, Histogram nanos) {
	}

	/**
	 * One stack over all its iterations of a run.
	 *
	 * @param stack the stack
	 * @param iterations its iterations
	 * @param opsPerSecond mean throughput of its iterations
	 * @param opsPerSecondMin the slowest iteration's
	 * @param opsPerSecondMax the fastest iteration's
	 * @param operations operations whose latency was recorded
	 * @param p50Micros median latency over all its operations
	 * @param p99Micros 99th percentile
	 * @param p999Micros 99.9th percentile
	 * @param bytesPerOp mean allocation per operation
	 */
	record Summary(PostgresStack stack, int iterations, double opsPerSecond, double opsPerSecondMin,
			double opsPerSecondMax, long operations, double p50Micros, double p99Micros, double p999Micros,
			double bytesPerOp) {
	}

}
