package dev.connmgmt.benchmarks.postgres;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.connmgmt.benchmarks.JmhSettings;
import dev.connmgmt.benchmarks.report.Section;
import dev.connmgmt.benchmarks.report.Target;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.util.Statistics;

/**
 * The PostgreSQL query benchmark at 2 and 8 threads: throughput and latency percentiles of
 * each query through each stack, and their ratios.
 *
 * @param measurements one per query, stack and thread count
 */
public record QuerySection(List<Measurement> measurements) implements Section {

	static final int[] THREADS = { 2, 8 };

	static final String PK_LOOKUP = "primaryKeyLookup";

	static final String SELECT_ONE = "selectOne";

	/**
	 * The smallest acceptable ratio of connmgmt's throughput to raw HikariCP's.
	 */
	static final double TARGET_THROUGHPUT = 0.97;

	/**
	 * The largest acceptable ratio of connmgmt's p99 to raw HikariCP's.
	 */
	static final double TARGET_P99 = 1.05;

	/**
	 * Run the benchmark against the suite's database.
	 * @param settings how long to measure
	 * @param database the properties file of the suite's database
	 * @return the section
	 * @throws RunnerException when JMH fails
	 */
	public static QuerySection run(JmhSettings settings, Path database) throws RunnerException {
		Map<String, Measurement> byKey = new LinkedHashMap<>();
		for (int threads : THREADS) {
			for (RunResult result : settings.run(QueryBenchmark.class, threads,
					"-D" + BenchmarkDatabase.PROPERTY + "=" + database.toAbsolutePath())) {
				String benchmark = result.getParams().getBenchmark();
				String query = benchmark.substring(benchmark.lastIndexOf('.') + 1);
				String stack = result.getParams().getParam("stack");
				Measurement m = byKey.computeIfAbsent(query + "/" + stack + "/" + threads,
						(key) -> new Measurement(query, stack, threads));
				Result<?> primary = result.getPrimaryResult();
				if (result.getParams().getMode() == Mode.Throughput) {
					m.opsPerSecond = primary.getScore() * 1_000_000;
					m.opsPerSecondError = primary.getScoreError() * 1_000_000;
					m.bytesPerOp = bytesPerOp(result);
				}
				else {
					Statistics statistics = primary.getStatistics();
					m.samples = statistics.getN();
					m.meanMicros = statistics.getMean();
					m.p50Micros = statistics.getPercentile(50);
					m.p99Micros = statistics.getPercentile(99);
					m.p999Micros = statistics.getPercentile(99.9);
				}
			}
		}
		return new QuerySection(new ArrayList<>(byKey.values()));
	}

	private static double bytesPerOp(RunResult result) {
		Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
		return (allocation != null) ? allocation.getScore() : Double.NaN;
	}

	@Override
	public String key() {
		return "postgresQueries";
	}

	@Override
	public String markdown() {
		StringBuilder md = new StringBuilder("## Queries against the embedded PostgreSQL (JMH)\n\n");
		md.append("Pool of ").append(PostgresStack.POOL_SIZE).append(" connections; each operation borrows, runs the ");
		md.append("query, reads the row and returns. `primaryKeyLookup`: `").append(BenchmarkDatabase.PK_LOOKUP);
		md.append("` on ").append(BenchmarkDatabase.ROWS).append(" rows, a random key each time. Throughput from ");
		md.append("throughput mode, percentiles from sample-time mode, both in the same run.\n\n");
		md.append("| query | threads | stack | ops/s | ± | p50 µs | p99 µs | p99.9 µs | B/op | throughput vs raw | p99 vs raw |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (Measurement m : this.measurements) {
			Measurement raw = find(m.query, "RAW_HIKARICP", m.threads);
			md.append(String.format(Locale.ROOT,
					"| %s | %d | %s | %.0f | %.0f | %.1f | %.1f | %.1f | %.0f | %.3f× | %.3f× |%n", m.query, m.threads,
					m.stack, m.opsPerSecond, m.opsPerSecondError, m.p50Micros, m.p99Micros, m.p999Micros,
					m.bytesPerOp, m.opsPerSecond / raw.opsPerSecond, m.p99Micros / raw.p99Micros));
		}
		return md.toString();
	}

	@Override
	public Object json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("units", Map.of("throughput", "ops/s", "latency", "µs", "allocation", "B/op"));
		json.put("measurements", this.measurements);
		return json;
	}

	@Override
	public List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		for (int threads : THREADS) {
			Measurement raw = find(PK_LOOKUP, "RAW_HIKARICP", threads);
			Measurement connmgmt = find(PK_LOOKUP, "CONNMGMT_DEFAULT", threads);
			targets.add(Target.atLeast("PK lookup throughput ≥ 0.97× raw HikariCP",
					"PostgreSQL, " + threads + " threads", connmgmt.opsPerSecond / raw.opsPerSecond, TARGET_THROUGHPUT));
			targets.add(Target.atMost("PK lookup p99 ≤ 1.05× raw HikariCP", "PostgreSQL, " + threads + " threads",
					connmgmt.p99Micros / raw.p99Micros, TARGET_P99));
		}
		return targets;
	}

	private Measurement find(String query, String stack, int threads) {
		return this.measurements.stream()
			.filter((m) -> m.query.equals(query) && m.stack.equals(stack) && m.threads == threads)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No measurement of " + query + " " + stack + " " + threads));
	}

	/**
	 * One query through one stack at one thread count; filled from two JMH modes.
	 */
	public static final class Measurement {

		public final String query;

		public final String stack;

		public final int threads;

		public double opsPerSecond = Double.NaN;

		public double opsPerSecondError = Double.NaN;

		public long samples;

		public double meanMicros = Double.NaN;

		public double p50Micros = Double.NaN;

		public double p99Micros = Double.NaN;

		public double p999Micros = Double.NaN;

		public double bytesPerOp = Double.NaN;

		Measurement(String query, String stack, int threads) {
			this.query = query;
			this.stack = stack;
			this.threads = threads;
		}

	}

}
