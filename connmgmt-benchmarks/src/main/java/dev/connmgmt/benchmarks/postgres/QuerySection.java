package dev.connmgmt.benchmarks.postgres;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.connmgmt.benchmarks.JmhSettings;
import dev.connmgmt.benchmarks.report.Section;
import dev.connmgmt.benchmarks.report.Target;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.util.MultisetStatistics;

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
				boolean throughput = result.getParams().getMode() == Mode.Throughput;
				for (BenchmarkResult fork : result.getBenchmarkResults()) {
					int index = 0;
					for (IterationResult iteration : fork.getIterationResults()) {
						PostgresStack stack = QueryBenchmark.stackOf(index++);
						Measurement m = byKey.computeIfAbsent(query + "/" + stack + "/" + threads,
								(key) -> new Measurement(query, stack.name(), threads));
						m.add(iteration, throughput);
					}
				}
			}
		}
		return new QuerySection(new ArrayList<>(byKey.values()));
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
		md.append("` on ").append(BenchmarkDatabase.ROWS).append(" rows, a random key each time. Both stacks in the ");
		md.append("same fork, taking turns by iteration (A B B A ...); throughput from throughput mode (mean of each ");
		md.append("stack's iterations, and their spread), percentiles from sample-time mode over all of a stack's ");
		md.append("samples.\n\n");
		md.append("| query | threads | stack | ops/s | iterations min–max | p50 µs | p99 µs | p99.9 µs | B/op | throughput vs raw | p99 vs raw |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (Measurement m : this.measurements) {
			Measurement raw = find(m.query, "RAW_HIKARICP", m.threads);
			md.append(String.format(Locale.ROOT,
					"| %s | %d | %s | %.0f | %.0f–%.0f | %.1f | %.1f | %.1f | %.0f | %.3f× | %.3f× |%n", m.query,
					m.threads, m.stack, m.getOpsPerSecond(), m.getOpsPerSecondMin(), m.getOpsPerSecondMax(), m.getP50Micros(),
					m.getP99Micros(), m.getP999Micros(), m.getBytesPerOp(), m.getOpsPerSecond() / raw.getOpsPerSecond(),
					m.getP99Micros() / raw.getP99Micros()));
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
					"PostgreSQL, " + threads + " threads", connmgmt.getOpsPerSecond() / raw.getOpsPerSecond(),
					TARGET_THROUGHPUT));
			targets.add(Target.atMost("PK lookup p99 ≤ 1.05× raw HikariCP", "PostgreSQL, " + threads + " threads",
					connmgmt.getP99Micros() / raw.getP99Micros(), TARGET_P99));
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
	 * One query through one stack at one thread count, from the iterations it had in both
	 * JMH modes.
	 */
	public static final class Measurement {

		public final String query;

		public final String stack;

		public final int threads;

		private final List<Double> opsPerSecondByIteration = new ArrayList<>();

		private final List<Double> bytesPerOpByIteration = new ArrayList<>();

		private final MultisetStatistics micros = new MultisetStatistics();

		Measurement(String query, String stack, int threads) {
			this.query = query;
			this.stack = stack;
			this.threads = threads;
		}

		void add(IterationResult iteration, boolean throughput) {
			Result<?> primary = iteration.getPrimaryResult();
			if (throughput) {
				this.opsPerSecondByIteration.add(primary.getScore() * 1_000_000);
				Result<?> allocation = iteration.getSecondaryResults().get("gc.alloc.rate.norm");
				if (allocation != null) {
					this.bytesPerOpByIteration.add(allocation.getScore());
				}
			}
			else {
				Iterator<Map.Entry<Double, Long>> samples = primary.getStatistics().getRawData();
				while (samples.hasNext()) {
					Map.Entry<Double, Long> sample = samples.next();
					this.micros.addValue(sample.getKey(), sample.getValue());
				}
			}
		}

		public List<Double> getOpsPerSecondByIteration() {
			return this.opsPerSecondByIteration;
		}

		public double getOpsPerSecond() {
			return this.opsPerSecondByIteration.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
		}

		public double getOpsPerSecondMin() {
			return this.opsPerSecondByIteration.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
		}

		public double getOpsPerSecondMax() {
			return this.opsPerSecondByIteration.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
		}

		public long getSamples() {
			return this.micros.getN();
		}

		public double getP50Micros() {
			return (this.micros.getN() > 0) ? this.micros.getPercentile(50) : Double.NaN;
		}

		public double getP99Micros() {
			return (this.micros.getN() > 0) ? this.micros.getPercentile(99) : Double.NaN;
		}

		public double getP999Micros() {
			return (this.micros.getN() > 0) ? this.micros.getPercentile(99.9) : Double.NaN;
		}

		public double getBytesPerOp() {
			return this.bytesPerOpByIteration.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
		}

	}

}
