package dev.connmgmt.benchmarks.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Whole queries through each {@link PostgresStack} against the embedded PostgreSQL: a
 * primary-key lookup on a table of {@value BenchmarkDatabase#ROWS} rows, and
 * {@code SELECT 1}. Each operation borrows a connection, runs the query, reads the row and
 * returns the connection, as a request of an application does. Throughput, and the latency
 * distribution from sampled operations.
 * <p>
 * Both stacks run in the same fork, taking turns by iteration in the order of
 * {@link #stackOf(int)}: the database, the JVM and the load of the shared machine are then
 * the same for both, where separate forks minutes apart measured the machine as much as
 * the pools. Query latencies of tens of microseconds dwarf the one type check the shared
 * call site adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QueryBenchmark {

	private final Map<PostgresStack, PostgresStack.Running> stacks = new EnumMap<>(PostgresStack.class);

	private final Map<IterationType, Integer> iterations = new EnumMap<>(IterationType.class);

	private DataSource dataSource;

	/**
	 * Return the stack measured in an iteration: A B B A, A B B A, ..., so that a load that
	 * rises or falls during the run weighs on both alike.
	 * @param iteration the iteration's index among the warmup or the measured iterations
	 * @return the stack
	 */
	public static PostgresStack stackOf(int iteration) {
		return (((iteration + 1) / 2) % 2 == 0) ? PostgresStack.RAW_HIKARICP : PostgresStack.CONNMGMT_DEFAULT;
	}

	@Setup(Level.Trial)
	public void start() throws Exception {
		BenchmarkDatabase database = BenchmarkDatabase.forThisFork();
		for (PostgresStack stack : PostgresStack.values()) {
			PostgresStack.Running running = stack.start(database);
			this.stacks.put(stack, running);
			BenchmarkDatabase.check(running.dataSource());
		}
	}

	@Setup(Level.Iteration)
	public void takeTurn(IterationParams iteration) {
		int index = this.iterations.merge(iteration.getType(), 1, Integer::sum) - 1;
		this.dataSource = this.stacks.get(stackOf(index)).dataSource();
	}

	@TearDown(Level.Trial)
	public void stop() throws Exception {
		for (PostgresStack.Running running : this.stacks.values()) {
			running.stop().close();
		}
	}

	@Benchmark
	public String primaryKeyLookup() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			return BenchmarkDatabase.lookUp(connection, ThreadLocalRandom.current().nextInt(1, BenchmarkDatabase.ROWS + 1));
		}
	}

	@Benchmark
	public int selectOne() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT 1");
				ResultSet result = statement.executeQuery()) {
			result.next();
			return result.getInt(1);
		}
	}

}
