package dev.connmgmt.benchmarks;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long JMH warms up and measures each benchmark: one fork, with the GC profiler for
 * allocation per operation.
 *
 * @param warmupIterations warmup iterations
 * @param warmup the length of each
 * @param iterations measured iterations
 * @param iteration the length of each
 */
public record JmhSettings(int warmupIterations, Duration warmup, int iterations, Duration iteration) {

	/**
	 * Run the benchmarks of a class at a number of threads.
	 * @param benchmark the benchmark class
	 * @param threads benchmark threads
	 * @param jvmArgs arguments added to the forked JVM
	 * @return the results
	 * @throws RunnerException when JMH fails
	 */
	public Collection<RunResult> run(Class<?> benchmark, int threads, String... jvmArgs) throws RunnerException {
		return run(benchmark, threads, Map.of(), jvmArgs);
	}

	/**
	 * Run the benchmarks of a class at a number of threads, with parameter values in a
	 * given order.
	 * @param benchmark the benchmark class
	 * @param threads benchmark threads
	 * @param params values of each parameter, run in this order
	 * @param jvmArgs arguments added to the forked JVM
	 * @return the results
	 * @throws RunnerException when JMH fails
	 */
	public Collection<RunResult> run(Class<?> benchmark, int threads, Map<String, List<String>> params,
			String... jvmArgs) throws RunnerException {
		return run(benchmark.getName() + "\\.", threads, params, jvmArgs);
	}

	/**
	 * Run the benchmarks that match a pattern at a number of threads, with parameter values
	 * in a given order.
	 * @param include the pattern of the benchmarks' qualified names, JMH's {@code include}
	 * @param threads benchmark threads
	 * @param params values of each parameter, run in this order
	 * @param jvmArgs arguments added to the forked JVM
	 * @return the results
	 * @throws RunnerException when JMH fails
	 */
	public Collection<RunResult> run(String include, int threads, Map<String, List<String>> params,
			String... jvmArgs) throws RunnerException {
		ChainedOptionsBuilder options = new OptionsBuilder().include(include)
			.threads(threads)
			.forks(1)
			.warmupIterations(this.warmupIterations)
			.warmupTime(TimeValue.milliseconds(this.warmup.toMillis()))
			.measurementIterations(this.iterations)
			.measurementTime(TimeValue.milliseconds(this.iteration.toMillis()))
			.addProfiler(GCProfiler.class);
		params.forEach((name, values) -> options.param(name, values.toArray(String[]::new)));
		if (jvmArgs.length > 0) {
			options.jvmArgsAppend(jvmArgs);
		}
		return new Runner(options.build()).run();
	}

}
