package dev.connmgmt.benchmarks.harness;

import org.HdrHistogram.Histogram;

/**
 * A latency distribution, in milliseconds.
 *
 * @param count values recorded
 * @param p50 median
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max largest value
 */
public record Latencies(long count, double p50, double p99, double p999, double max) {

	static Latencies of(Histogram micros) {
		if (micros.getTotalCount() == 0) {
			return new Latencies(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
		}
		return new Latencies(micros.getTotalCount(), millis(micros.getValueAtPercentile(50)),
				millis(micros.getValueAtPercentile(99)), millis(micros.getValueAtPercentile(99.9)),
				millis(micros.getMaxValue()));
	}

	private static double millis(long micros) {
		return micros / 1000.0;
	}

}
