package dev.connmgmt.benchmarks;

import java.util.ArrayList;
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

	static BorrowReturnSection run(JmhSettings settings) throws RunnerException {
		List<Measurement> measurements = new ArrayList<>();
		for (int threads : THREADS) {
			for (RunResult result : settings.run(BorrowReturnBenchmark.class, threads)) {
				Result<?> primary = result.getPrimaryResult();
				measurements.add(new Measurement(result.getParams().getParam("stack"), threads, primary.getScore(),
						primary.getScoreError(), bytesPerOp(result)));
			}
		}
		return new BorrowReturnSection(measurements);
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
		md.append("(`CONNMGMT_POOL`: its connection factory on HikariCP, every layer off) plus one layer.\n\n");
		md.append("| threads | stack | ns/op | ± | B/op | vs raw HikariCP | vs Spring Boot default | over CONNMGMT_POOL |\n");
		md.append("|---|---|---|---|---|---|---|---|\n");
		for (Measurement m : this.measurements) {
			md.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.0f | %.2f× | %.2f× | %+.1f ns |%n",
					m.threads(), m.stack(), m.nanosPerOp(), m.error(), m.bytesPerOp(),
					ratio(m.threads(), m.stack(), "RAW_HIKARICP"), ratio(m.threads(), m.stack(), "SPRING_BOOT_DEFAULT"),
					m.nanosPerOp() - find(m.threads(), "CONNMGMT_POOL").nanosPerOp()));
		}
		return md.toString();
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
	 * @param nanosPerOp mean time of one borrow and return
	 * @param error the 99.9% confidence half-interval of the mean
	 * @param bytesPerOp allocation per borrow and return
	 */
	record Measurement(String stack, int threads, double nanosPerOp, double error, double bytesPerOp) {
	}

}
