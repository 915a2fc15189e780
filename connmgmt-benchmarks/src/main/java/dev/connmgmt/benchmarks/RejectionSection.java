package dev.connmgmt.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.connmgmt.benchmarks.report.Section;
import dev.connmgmt.benchmarks.report.Target;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.util.Statistics;

/**
 * The open-breaker rejection benchmark at 1 and 2 threads: the distribution of the time
 * one refused borrow takes.
 *
 * @param measurements one per thread count
 */
record RejectionSection(List<Measurement> measurements) implements Section {

	/**
	 * The largest acceptable 99th percentile of a rejection, in nanoseconds.
	 */
	static final double TARGET_P99_NANOS = 1_000_000;

	static RejectionSection run(JmhSettings settings) throws RunnerException {
		List<Measurement> measurements = new ArrayList<>();
		for (int threads : BorrowReturnSection.THREADS) {
			for (RunResult result : settings.run(RejectionBenchmark.class, threads)) {
				Statistics statistics = result.getPrimaryResult().getStatistics();
				measurements.add(new Measurement(threads, statistics.getN(), statistics.getMean(),
						statistics.getPercentile(50), statistics.getPercentile(99), statistics.getPercentile(99.9),
						statistics.getMax(), BorrowReturnSection.bytesPerOp(result)));
			}
		}
		return new RejectionSection(measurements);
	}

	@Override
	public String key() {
		return "breakerOpenRejection";
	}

	@Override
	public String markdown() {
		StringBuilder md = new StringBuilder("## Borrow refused by an open breaker, stub JDBC driver (JMH, sample time)\n\n");
		md.append("connmgmt's default stack with its breaker forced open: every borrow is refused with a ");
		md.append("`PoolUnavailableException`. Raw HikariCP has no such path: its callers wait out the connection ");
		md.append("timeout (see the database-down scenario of the harness).\n\n");
		md.append("| threads | samples | mean ns | p50 ns | p99 ns | p99.9 ns | max ns | B/op |\n");
		md.append("|---|---|---|---|---|---|---|---|\n");
		for (Measurement m : this.measurements) {
			md.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", m.threads(),
					m.samples(), m.meanNanos(), m.p50Nanos(), m.p99Nanos(), m.p999Nanos(), m.maxNanos(), m.bytesPerOp()));
		}
		return md.toString();
	}

	@Override
	public Object json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("unit", "ns");
		json.put("measurements", this.measurements);
		return json;
	}

	@Override
	public List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		for (Measurement m : this.measurements) {
			targets.add(Target.valueAtMost("breaker-open rejection p99 ≤ 1 ms",
					"stub, JMH sample time, " + m.threads() + " thread(s)", m.p99Nanos() / 1_000_000,
					TARGET_P99_NANOS / 1_000_000, "ms"));
		}
		return targets;
	}

	/**
	 * The rejections at one thread count.
	 *
	 * @param threads benchmark threads
	 * @param samples rejections sampled
	 * @param meanNanos mean
	 * @param p50Nanos median
	 * @param p99Nanos 99th percentile
	 * @param p999Nanos 99.9th percentile
	 * @param maxNanos largest
	 * @param bytesPerOp allocation per rejection
	 */
	record Measurement(int threads, long samples, double meanNanos, double p50Nanos, double p99Nanos,
			double p999Nanos, double maxNanos, double bytesPerOp) {
	}

}
