package dev.connmgmt.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the quick benchmark suite in one invocation (every stack, at 1 and 2 threads, with
 * allocation per operation), and writes a report of the ratios with their targets beside
 * them: {@code report.md} and {@code report.json} in the directory given as first argument.
 * Absolute times on a shared machine are noisy; ratios measured in the same run are what
 * the report judges.
 */
public final class BenchmarkSuite {

	/**
	 * Largest acceptable ratio of connmgmt's default stack to Spring Boot's default.
	 */
	static final double TARGET_VERSUS_BOOT = 1.10;

	private BenchmarkSuite() {
	}

	public static void main(String[] args) throws RunnerException, IOException {
		Path output = Path.of((args.length > 0) ? args[0] : "target/benchmarks");
		List<Measurement> measurements = new ArrayList<>();
		for (int threads : new int[] { 1, 2 }) {
			Options options = new OptionsBuilder().include(BorrowReturnBenchmark.class.getName())
				.threads(threads)
				.forks(1)
				.warmupIterations(3)
				.warmupTime(TimeValue.seconds(2))
				.measurementIterations(5)
				.measurementTime(TimeValue.seconds(2))
				.addProfiler(GCProfiler.class)
				.build();
			measurements.addAll(measure(new Runner(options).run(), threads));
		}
		Report report = Report.of(measurements, TARGET_VERSUS_BOOT);
		Files.createDirectories(output);
		Files.writeString(output.resolve("report.md"), report.markdown());
		new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
			.writeValue(output.resolve("report.json").toFile(), report.json());
		System.out.println(report.markdown());
		System.out.println("Report written to " + output.toAbsolutePath());
	}

	private static List<Measurement> measure(Collection<RunResult> results, int threads) {
		List<Measurement> measurements = new ArrayList<>();
		for (RunResult result : results) {
			Result<?> primary = result.getPrimaryResult();
			Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
			measurements.add(new Measurement(result.getParams().getParam("stack"), threads, primary.getScore(),
					primary.getScoreError(), (allocation != null) ? allocation.getScore() : Double.NaN));
		}
		return measurements;
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

	/**
	 * The ratios of one run.
	 */
	record Report(List<Measurement> measurements, double target) {

		static Report of(List<Measurement> measurements, double target) {
			return new Report(measurements, target);
		}

		double ratio(int threads, String stack, String baseline) {
			return find(threads, stack).nanosPerOp() / find(threads, baseline).nanosPerOp();
		}

		Measurement find(int threads, String stack) {
			return this.measurements.stream()
				.filter((m) -> m.threads() == threads && m.stack().equals(stack))
				.findFirst()
				.orElseThrow();
		}

		String markdown() {
			StringBuilder md = new StringBuilder("# Borrow/return benchmark\n\n");
			md.append("Machine: ")
				.append(Runtime.getRuntime().availableProcessors())
				.append(" cores, ")
				.append(System.getProperty("os.name"))
				.append(' ')
				.append(System.getProperty("os.arch"))
				.append(", Java ")
				.append(System.getProperty("java.version"))
				.append(" (")
				.append(System.getProperty("java.vm.name"))
				.append(")\n\n");
			md.append("| threads | stack | ns/op | ± | B/op | vs raw HikariCP | vs Spring Boot default |\n");
			md.append("|---|---|---|---|---|---|---|\n");
			for (Measurement m : this.measurements) {
				md.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.0f | %.2f× | %.2f× |%n", m.threads(),
						m.stack(), m.nanosPerOp(), m.error(), m.bytesPerOp(),
						ratio(m.threads(), m.stack(), "RAW_HIKARICP"),
						ratio(m.threads(), m.stack(), "SPRING_BOOT_DEFAULT")));
			}
			for (int threads : new int[] { 1, 2 }) {
				md.append(String.format(Locale.ROOT,
						"%nAcquisition tracing with no active trace, %d thread(s): %+.1f ns/op (CONNMGMT_DEFAULT - CONNMGMT_WITHOUT_TRACING)%n",
						threads, find(threads, "CONNMGMT_DEFAULT").nanosPerOp()
								- find(threads, "CONNMGMT_WITHOUT_TRACING").nanosPerOp()));
			}
			md.append("\n| target | threads | measured | verdict |\n|---|---|---|---|\n");
			for (int threads : new int[] { 1, 2 }) {
				double ratio = ratio(threads, "CONNMGMT_DEFAULT", "SPRING_BOOT_DEFAULT");
				md.append(String.format(Locale.ROOT, "| connmgmt default ≤ %.2f× Spring Boot default | %d | %.2f× | %s |%n",
						this.target, threads, ratio, (ratio <= this.target) ? "met"
								: String.format(Locale.ROOT, "missed by %.0f%%", (ratio / this.target - 1) * 100)));
			}
			return md.toString();
		}

		Map<String, Object> json() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "os",
					System.getProperty("os.name") + " " + System.getProperty("os.arch"), "java",
					System.getProperty("java.version")));
			json.put("measurements", this.measurements);
			List<Map<String, Object>> targets = new ArrayList<>();
			for (int threads : new int[] { 1, 2 }) {
				double ratio = ratio(threads, "CONNMGMT_DEFAULT", "SPRING_BOOT_DEFAULT");
				targets.add(Map.of("target", "connmgmt default <= " + this.target + "x Spring Boot default", "threads",
						threads, "ratio", ratio, "met", ratio <= this.target));
			}
			json.put("targets", targets);
			return json;
		}

	}

}
