package dev.connmgmt.benchmarks.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.connmgmt.benchmarks.JmhSettings;
import dev.connmgmt.benchmarks.report.PairedRatio;
import dev.connmgmt.benchmarks.report.Section;
import dev.connmgmt.benchmarks.report.Target;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The PostgreSQL query benchmark at 2 and 8 threads: throughput and latency percentiles of
 * each query through each stack, and each stack's ratios to Spring Boot's default and to
 * raw HikariCP with their confidence intervals.
 *
 * @param runs one per query and thread count
 */
public record QuerySection(List<QueryRun> runs) implements Section {

	static final int[] THREADS = { 2, 8 };

	static final int CONTENDED_THREADS = 8;

	static final String PK_LOOKUP = "primaryKeyLookup";

	static final String SELECT_ONE = "selectOne";

	/**
	 * The smallest acceptable ratio of connmgmt's throughput to Spring Boot's default's,
	 * and of its speed at the 99th percentile.
	 */
	static final double TARGET_VERSUS_BOOT = 0.98;

	/**
	 * How far an A/A pair's interval may reach either side of 1.
	 */
	static final double RESOLUTION = 0.02;

	/**
	 * Run the benchmark against the suite's database.
	 * @param settings how long to measure
	 * @param database the properties file of the suite's database
	 * @return the section
	 * @throws RunnerException when JMH fails
	 * @throws IOException when the forks' latencies cannot be read
	 */
	public static QuerySection run(QuerySettings settings, Path database) throws RunnerException, IOException {
		List<QueryRun> runs = new ArrayList<>();
		for (int threads : THREADS) {
			for (String query : List.of(PK_LOOKUP, SELECT_ONE)) {
				boolean contended = query.equals(PK_LOOKUP) && threads == CONTENDED_THREADS;
				runs.add(run(settings.jmh(contended ? settings.contendedRounds() : settings.otherRounds()), query,
						threads, database));
			}
		}
		return new QuerySection(runs);
	}

	private static QueryRun run(JmhSettings settings, String query, int threads,
			Path database) throws RunnerException, IOException {
		Path latencies = database.resolveSibling("latencies-" + query + "-" + threads + ".txt");
		Files.deleteIfExists(latencies);
		try {
			List<QueryRun.Iteration> iterations = new ArrayList<>();
			for (RunResult result : settings.run(QueryBenchmark.class.getName() + "\\." + query + "$", threads,
					Map.of(), "-D" + BenchmarkDatabase.PROPERTY + "=" + database.toAbsolutePath(),
					"-D" + QueryBenchmark.LATENCIES + "=" + latencies.toAbsolutePath())) {
				List<IterationLatencies> recorded = Files.readAllLines(latencies)
					.stream()
					.map(IterationLatencies::decode)
					.toList();
				for (BenchmarkResult fork : result.getBenchmarkResults()) {
					int index = 0;
					for (IterationResult iteration : fork.getIterationResults()) {
						int i = index++;
						IterationLatencies nanos = recorded.stream()
							.filter((r) -> r.iteration() == i)
							.findFirst()
							.orElseThrow(() -> new IllegalStateException("No latencies of iteration " + i));
						Result<?> allocation = iteration.getSecondaryResults().get("gc.alloc.rate.norm");
						iterations.add(new QueryRun.Iteration(i, QueryBenchmark.stackOf(i),
								iteration.getPrimaryResult().getScore() * 1_000_000,
								(allocation != null) ? allocation.getScore() : Double.NaN, nanos.nanos()));
					}
				}
			}
			return new QueryRun(query, threads, iterations);
		}
		finally {
			Files.deleteIfExists(latencies);
		}
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
		md.append("` on ").append(BenchmarkDatabase.ROWS).append(" rows, a random key each time. Every stack in the ");
		md.append("same fork, taking turns by iteration in rounds (A B C D D C B A); `SPRING_BOOT_DEFAULT_TWIN` is a ");
		md.append("second, identical Spring Boot default: its ratio to the first is the measurement's own error (A/A). ");
		md.append("Throughput from JMH (mean of a stack's iterations, and their spread); latencies of every ");
		md.append("operation, recorded per thread in HdrHistogram. Ratios are geometric means of one ratio per ");
		md.append("round, with their 95% confidence interval (Student's t over the rounds); a round's p99 ratio ");
		md.append("compares each stack's p99 over its operations in that round.\n\n");
		md.append("| query | threads | rounds | stack | ops/s | iterations min–max | p50 µs | p99 µs | p99.9 µs | B/op ");
		md.append("| throughput vs Boot default | p99 vs Boot default | throughput vs raw | p99 vs raw |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (QueryRun run : this.runs) {
			for (PostgresStack stack : PostgresStack.values()) {
				QueryRun.Summary s = run.summary(stack);
				md.append(String.format(Locale.ROOT,
						"| %s | %d | %d | %s | %.0f | %.0f–%.0f | %.1f | %.1f | %.1f | %.0f | %s | %s | %s | %s |%n",
						run.query(), run.threads(), run.rounds(), stack, s.opsPerSecond(), s.opsPerSecondMin(),
						s.opsPerSecondMax(), s.p50Micros(), s.p99Micros(), s.p999Micros(), s.bytesPerOp(),
						versus(run, stack, PostgresStack.SPRING_BOOT_DEFAULT, true),
						versus(run, stack, PostgresStack.SPRING_BOOT_DEFAULT, false),
						versus(run, stack, PostgresStack.RAW_HIKARICP, true),
						versus(run, stack, PostgresStack.RAW_HIKARICP, false)));
			}
		}
		return md.toString();
	}

	private static String versus(QueryRun run, PostgresStack stack, PostgresStack baseline, boolean throughput) {
		if (stack == baseline) {
			return "–";
		}
		return (throughput ? run.throughput(stack, baseline) : run.p99(stack, baseline)).describe();
	}

	@Override
	public Object json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("units", Map.of("throughput", "ops/s", "latency", "µs", "allocation", "B/op"));
		json.put("confidence", PairedRatio.CONFIDENCE);
		List<Map<String, Object>> runs = new ArrayList<>();
		for (QueryRun run : this.runs) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("query", run.query());
			entry.put("threads", run.threads());
			entry.put("rounds", run.rounds());
			List<Map<String, Object>> stacks = new ArrayList<>();
			for (PostgresStack stack : PostgresStack.values()) {
				Map<String, Object> summary = new LinkedHashMap<>();
				summary.put("summary", run.summary(stack));
				summary.put("opsPerSecondByIteration", run.iterations()
					.stream()
					.filter((i) -> i.stack() == stack)
					.map(QueryRun.Iteration::opsPerSecond)
					.toList());
				for (PostgresStack baseline : List.of(PostgresStack.SPRING_BOOT_DEFAULT, PostgresStack.RAW_HIKARICP)) {
					if (stack != baseline) {
						summary.put("throughputVs" + baseline, run.throughput(stack, baseline));
						summary.put("p99Vs" + baseline, run.p99(stack, baseline));
					}
				}
				stacks.add(summary);
			}
			entry.put("stacks", stacks);
			runs.add(entry);
		}
		json.put("runs", runs);
		return json;
	}

	@Override
	public List<Target> targets() {
		QueryRun run = find(PK_LOOKUP, CONTENDED_THREADS);
		String scope = String.format(Locale.ROOT, "PostgreSQL, PK lookup, %d threads, pool of %d, %d rounds",
				CONTENDED_THREADS, PostgresStack.POOL_SIZE, run.rounds());
		PostgresStack boot = PostgresStack.SPRING_BOOT_DEFAULT;
		List<Target> targets = new ArrayList<>();
		targets.add(Target.within("A/A: Spring Boot default against its twin, throughput within ±2% (95% CI)", scope,
				run.throughput(PostgresStack.SPRING_BOOT_DEFAULT_TWIN, boot), 1 - RESOLUTION, 1 + RESOLUTION));
		targets.add(Target.within("A/A: Spring Boot default against its twin, p99 within ±2% (95% CI)", scope,
				run.p99(PostgresStack.SPRING_BOOT_DEFAULT_TWIN, boot), 1 - RESOLUTION, 1 + RESOLUTION));
		targets.add(Target.atLeast("PK lookup throughput ≥ 0.98× Spring Boot default", scope,
				run.throughput(PostgresStack.CONNMGMT_DEFAULT, boot), TARGET_VERSUS_BOOT));
		targets.add(Target.atMost(String.format(Locale.ROOT,
				"PK lookup p99 ≥ 0.98× Spring Boot default's speed (p99 ≤ %.3f× its p99)", 1 / TARGET_VERSUS_BOOT),
				scope, run.p99(PostgresStack.CONNMGMT_DEFAULT, boot), 1 / TARGET_VERSUS_BOOT));
		return targets;
	}

	private QueryRun find(String query, int threads) {
		return this.runs.stream()
			.filter((r) -> r.query().equals(query) && r.threads() == threads)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No run of " + query + " at " + threads + " threads"));
	}

}
