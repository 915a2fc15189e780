package dev.connmgmt.benchmarks.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.connmgmt.benchmarks.report.Section;
import dev.connmgmt.benchmarks.report.Target;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Where the benchmark threads of the contended case spend their time through connmgmt's
 * default stack alone: a Java Flight Recorder recording of its measured iterations (JMH's
 * {@code jfr} profiler), summarised to the methods most often on top of the sampled stacks
 * and the connmgmt methods most often anywhere on them. Optional: it costs another fork.
 *
 * @param stack the stack recorded
 * @param samples execution samples of the benchmark threads
 * @param top the methods on top of the stacks, with their samples, most first
 * @param connmgmt connmgmt's methods anywhere on the stacks, with their samples
 */
public record HotFrames(String stack, long samples, Map<String, Long> top, Map<String, Long> connmgmt)
		implements Section {

	private static final int SHOWN = 15;

	/**
	 * Record and summarise connmgmt's default stack in the contended case.
	 * @param settings how long to measure
	 * @param database the properties file of the suite's database
	 * @param directory where the recording is written
	 * @return the summary
	 * @throws RunnerException when JMH fails
	 * @throws IOException when the recording cannot be read
	 */
	public static HotFrames record(QuerySettings settings, Path database, Path directory)
			throws RunnerException, IOException {
		PostgresStack stack = PostgresStack.CONNMGMT_DEFAULT;
		new Runner(new OptionsBuilder().include(QueryBenchmark.class.getName() + "\\." + QuerySection.PK_LOOKUP + "$")
			.threads(QuerySection.CONTENDED_THREADS)
			.forks(1)
			.param("only", stack.name())
			.warmupIterations(QueryBenchmark.iterationsPerRound())
			.warmupTime(TimeValue.milliseconds(settings.warmup().toMillis()))
			.measurementIterations(QueryBenchmark.iterationsPerRound())
			.measurementTime(TimeValue.milliseconds(settings.iteration().toMillis()))
			.addProfiler(JavaFlightRecorderProfiler.class, "dir=" + directory.toAbsolutePath() + ";configName=profile")
			.jvmArgsAppend("-D" + BenchmarkDatabase.PROPERTY + "=" + database.toAbsolutePath())
			.build()).run();
		Map<String, Long> top = new HashMap<>();
		Map<String, Long> connmgmt = new HashMap<>();
		long samples = 0;
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".jfr")).toList()) {
				for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
					if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
							|| !event.getThread("sampledThread").getJavaName().contains("jmh-worker")) {
						continue;
					}
					List<RecordedFrame> frames = event.getStackTrace().getFrames();
					if (frames.isEmpty()) {
						continue;
					}
					samples++;
					top.merge(method(frames.get(0)), 1L, Long::sum);
					Set<String> seen = new HashSet<>();
					for (RecordedFrame frame : frames) {
						String method = method(frame);
						if (method.startsWith("dev.connmgmt.") && !method.startsWith("dev.connmgmt.benchmarks.")
								&& seen.add(method)) {
							connmgmt.merge(method, 1L, Long::sum);
						}
					}
				}
			}
		}
		return new HotFrames(stack.name(), samples, mostFirst(top), mostFirst(connmgmt));
	}

	private static String method(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static Map<String, Long> mostFirst(Map<String, Long> counts) {
		Map<String, Long> sorted = new LinkedHashMap<>();
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
			.limit(SHOWN)
			.forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
		return sorted;
	}

	@Override
	public String key() {
		return "hotFrames";
	}

	@Override
	public String markdown() {
		StringBuilder md = new StringBuilder("## Hot frames of the contended PK lookup through connmgmt (JFR)\n\n");
		md.append(String.format(Locale.ROOT, "`%s` alone, %d threads on a pool of %d, one round's length of measured ",
				this.stack, QuerySection.CONTENDED_THREADS, PostgresStack.POOL_SIZE));
		md.append(String.format(Locale.ROOT, "iterations in a fork of its own; %d execution samples of the benchmark ",
				this.samples));
		md.append("threads (JFR's `profile` settings: it samples threads running Java code, not those waiting).\n\n");
		table(md, "method on top of the stack", this.top);
		md.append('\n');
		table(md, "connmgmt method anywhere on the stack", this.connmgmt);
		return md.toString();
	}

	private void table(StringBuilder md, String heading, Map<String, Long> counts) {
		md.append("| ").append(heading).append(" | samples | share |\n|---|---|---|\n");
		counts.forEach((method, count) -> md.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f%% |%n", method,
				count, (this.samples > 0) ? 100.0 * count / this.samples : Double.NaN)));
	}

	@Override
	public Object json() {
		return this;
	}

	@Override
	public List<Target> targets() {
		return List.of();
	}

}
