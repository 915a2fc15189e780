package dev.connmgmt.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.connmgmt.benchmarks.report.Section;
import dev.connmgmt.benchmarks.report.Target;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The stub borrow/return benchmark at 1 and 2 threads: every stack's time and allocation
 * per operation, its ratios to raw HikariCP and Spring Boot's default, and what each
 * connmgmt layer adds to connmgmt's bare pool.
 *
 * @param measurements one per stack and thread count
 */
record BorrowReturnSection(List<Measurement> measurements) implements Section {

	static final int[] THREADS = { 1, 2 };

	/**
	 * Largest acceptable ratio of connmgmt's default stack to Spring Boot's default.
	 */
	static final double TARGET_VERSUS_BOOT = 1.10;

	/**
	 * Run every stack twice at each thread count, the second round in the reverse order,
	 * so that a load on the shared machine that rises or falls during the run weighs on
	 * every stack alike; each stack's time is the mean of its two rounds.
	 */
	static BorrowReturnSection run(JmhSettings settings) throws RunnerException {
		List<String> forward = Arrays.stream(PoolStack.values()).map(PoolStack::name).toList();
		List<String> reverse = new ArrayList<>(forward);
		Collections.reverse(reverse);
		List<Measurement> measurements = new ArrayList<>();
		for (int threads : THREADS) {
			Map<String, List<Double>> nanos = new LinkedHashMap<>();
			Map<String, List<Double>> bytes = new LinkedHashMap<>();
			forward.forEach((stack) -> {
				nanos.put(stack, new ArrayList<>());
				bytes.put(stack, new ArrayList<>());
			});
			for (List<String> order : List.of(forward, reverse)) {
				for (RunResult result : settings.run(BorrowReturnBenchmark.class, threads, Map.of("stack", order))) {
					String stack = result.getParams().getParam("stack");
					nanos.get(stack).add(result.getPrimaryResult().getScore());
					bytes.get(stack).add(bytesPerOp(result));
				}
			}
			for (String stack : forward) {
				measurements.add(new Measurement(stack, threads, mean(nanos.get(stack)), nanos.get(stack),
						mean(bytes.get(stack))));
			}
		}
		return new BorrowReturnSection(measurements);
	}

	private static double mean(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
	}

	static double bytesPerOp(RunResult result) {
		Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
		return (allocation != null) ? allocation.getScore() : Double.NaN;
	}

	@Override
	public String key() {
		return "borrowReturn";
	}

	@Override
	public String markdown() {
		StringBuilder md = new StringBuilder("## Borrow/return, stub JDBC driver (JMH, average time)\n\n");
		md.append("Pool of ").append(PoolStack.POOL_SIZE).append(" connections; the layer rows are connmgmt's pool ");
		md.append("(`CONNMGMT_POOL`: its connection factory on HikariCP, every layer off) plus one layer. Each stack ");
		md.append("ran twice, in two rounds of opposite order; ns/op is the mean of the two, both shown.\n\n");
		md.append("| threads | stack | ns/op | rounds | B/op | vs raw HikariCP | vs Spring Boot default | over CONNMGMT_POOL |\n");
		md.append("|---|---|---|---|---|---|---|---|\n");
		for (Measurement m : this.measurements) {
			md.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %s | %.0f | %.2f× | %.2f× | %+.1f ns |%n",
					m.threads(), m.stack(), m.nanosPerOp(), rounds(m), m.bytesPerOp(),
					ratio(m.threads(), m.stack(), "RAW_HIKARICP"), ratio(m.threads(), m.stack(), "SPRING_BOOT_DEFAULT"),
					m.nanosPerOp() - find(m.threads(), "CONNMGMT_POOL").nanosPerOp()));
		}
		return md.toString();
	}

	private static String rounds(Measurement m) {
		return String.join(" / ", m.rounds().stream().map((n) -> String.format(Locale.ROOT, "%.1f", n)).toList());
	}

	@Override
	public Object json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("unit", "ns/op");
		json.put("measurements", this.measurements);
		return json;
	}

	@Override
	public List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		for (int threads : THREADS) {
			targets.add(Target.atMost(
					String.format(Locale.ROOT, "connmgmt default ≤ %.2f× Spring Boot default", TARGET_VERSUS_BOOT),
					"stub borrow/return, " + threads + " thread(s)",
					ratio(threads, "CONNMGMT_DEFAULT", "SPRING_BOOT_DEFAULT"), TARGET_VERSUS_BOOT));
		}
		return targets;
	}

	double ratio(int threads, String stack, String baseline) {
		return find(threads, stack).nanosPerOp() / find(threads, baseline).nanosPerOp();
	}

	Measurement find(int threads, String stack) {
		return this.measurements.stream()
			.filter((m) -> m.threads() == threads && m.stack().equals(stack))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No measurement of " + stack + " at " + threads));
	}

	/**
	 * One stack at one thread count.
	 *
	 * @param stack the stack's name
	 * @param threads benchmark threads
	 * @param nanosPerOp mean time of one borrow and return, over the rounds
	 * @param rounds the mean time in each round
	 * @param bytesPerOp allocation per borrow and return
	 */
	record Measurement(String stack, int threads, double nanosPerOp, List<Double> rounds, double bytesPerOp) {
	}

}
