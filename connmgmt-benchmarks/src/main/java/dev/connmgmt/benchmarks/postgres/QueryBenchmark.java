package dev.connmgmt.benchmarks.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Whole queries through each {@link PostgresStack} against the embedded PostgreSQL: a
 * primary-key lookup on a table of {@value BenchmarkDatabase#ROWS} rows, and
 * {@code SELECT 1}. Each operation borrows a connection, runs the query, reads the row and
 * returns the connection, as a request of an application does. Throughput from JMH, and
 * the latency of every operation, recorded per thread in HdrHistogram and written per
 * iteration to the file named by the system property {@value #LATENCIES}.
 * <p>
 * Every stack runs in the same fork, taking turns by iteration in rounds of the order of
 * {@link #stackOf(int)}: the database, the JVM and the load of the shared machine are then
 * the same for all, where separate forks minutes apart measured the machine as much as
 * the pools; and each round gives one paired ratio between any two stacks, from which the
 * report draws confidence intervals. Query latencies of tens of microseconds dwarf the
 * type check the shared call site adds and the two clock reads of the recording.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QueryBenchmark {

	/**
	 * The system property naming the file that each iteration's latencies are appended to.
	 */
	public static final String LATENCIES = "connmgmt.benchmarks.latencies";

	private static final PostgresStack[] STACKS = PostgresStack.values();

	private final Map<PostgresStack, PostgresStack.Running> stacks = new EnumMap<>(PostgresStack.class);

	private final Map<IterationType, Integer> iterations = new EnumMap<>(IterationType.class);

	private final Queue<Latency> threads = new ConcurrentLinkedQueue<>();

	/**
	 * {@code ALL} for every stack in turns, or the name of the one stack to measure, as
	 * when profiling it alone.
	 */
	@Param("ALL")
	public String only;

	private DataSource dataSource;

	private PostgresStack stack;

	private int iteration;

	/**
	 * Return the iterations of one round: each stack twice, in the order of
	 * {@link PostgresStack} and then in reverse (A B C D D C B A), so that a load that
	 * rises or falls during a round weighs on every stack alike.
	 * @return the iterations per round
	 */
	public static int iterationsPerRound() {
		return 2 * STACKS.length;
	}

	/**
	 * Return the stack measured in an iteration.
	 * @param iteration the iteration's index among the warmup or the measured iterations
	 * @return the stack
	 */
	public static PostgresStack stackOf(int iteration) {
		int position = iteration % iterationsPerRound();
		return (position < STACKS.length) ? STACKS[position] : STACKS[iterationsPerRound() - 1 - position];
	}

	@Setup(Level.Trial)
	public void start() throws Exception {
		BenchmarkDatabase database = BenchmarkDatabase.forThisFork();
		for (PostgresStack stack : STACKS) {
			PostgresStack.Running running = stack.start(database);
			this.stacks.put(stack, running);
			BenchmarkDatabase.check(running.dataSource());
		}
	}

	@Setup(Level.Iteration)
	public void takeTurn(IterationParams iteration) {
		this.iteration = this.iterations.merge(iteration.getType(), 1, Integer::sum) - 1;
		this.stack = "ALL".equals(this.only) ? stackOf(this.iteration) : PostgresStack.valueOf(this.only);
		this.dataSource = this.stacks.get(this.stack).dataSource();
		this.threads.forEach((latency) -> latency.nanos.reset());
	}

	/**
	 * Append the iteration's latencies, all threads together, to the latencies file: JMH
	 * has run every thread's last operation of the iteration before this.
	 */
	@TearDown(Level.Iteration)
	public void recordLatencies(BenchmarkParams benchmark, IterationParams iteration) {
		String file = System.getProperty(LATENCIES);
		if (file == null || iteration.getType() != IterationType.MEASUREMENT) {
			return;
		}
		Histogram all = new Histogram(Latency.HIGHEST_NANOS, Latency.DIGITS);
		this.threads.forEach((latency) -> all.add(latency.nanos));
		String method = benchmark.getBenchmark().substring(benchmark.getBenchmark().lastIndexOf('.') + 1);
		IterationLatencies line = new IterationLatencies(method, benchmark.getThreads(), this.iteration, this.stack,
				all);
		try {
			Files.writeString(Path.of(file), line.encode() + System.lineSeparator(), StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@TearDown(Level.Trial)
	public void stop() throws Exception {
		for (PostgresStack.Running running : this.stacks.values()) {
			running.stop().close();
		}
	}

	@Benchmark
	public String primaryKeyLookup(Latency latency) throws SQLException {
		long started = System.nanoTime();
		String name;
		try (Connection connection = this.dataSource.getConnection()) {
			name = BenchmarkDatabase.lookUp(connection, ThreadLocalRandom.current().nextInt(1, BenchmarkDatabase.ROWS + 1));
		}
		latency.since(started);
		return name;
	}

	@Benchmark
	public int selectOne(Latency latency) throws SQLException {
		long started = System.nanoTime();
		int one;
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT 1");
				ResultSet result = statement.executeQuery()) {
			result.next();
			one = result.getInt(1);
		}
		latency.since(started);
		return one;
	}

	/**
	 * The latencies of one benchmark thread in the current iteration, in nanoseconds.
	 */
	@State(Scope.Thread)
	public static class Latency {

		static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

		static final int DIGITS = 3;

		final Histogram nanos = new Histogram(HIGHEST_NANOS, DIGITS);

		@Setup(Level.Trial)
		public void register(QueryBenchmark benchmark) {
			benchmark.threads.add(this);
		}

		void since(long startedNanos) {
			this.nanos.recordValue(Math.min(HIGHEST_NANOS, System.nanoTime() - startedNanos));
		}

	}

}
