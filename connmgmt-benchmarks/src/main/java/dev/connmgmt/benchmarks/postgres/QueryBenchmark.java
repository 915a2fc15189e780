package dev.connmgmt.benchmarks.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

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

/**
 * Whole queries through each {@link PostgresStack} against the embedded PostgreSQL: a
 * primary-key lookup on a table of {@value BenchmarkDatabase#ROWS} rows, and
 * {@code SELECT 1}. Each operation borrows a connection, runs the query, reads the row and
 * returns the connection, as a request of an application does. Throughput, and the latency
 * distribution from sampled operations.
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QueryBenchmark {

	@Param({ "RAW_HIKARICP", "CONNMGMT_DEFAULT" })
	public PostgresStack stack;

	private PostgresStack.Running running;

	private DataSource dataSource;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.running = this.stack.start(BenchmarkDatabase.forThisFork());
		this.dataSource = this.running.dataSource();
		BenchmarkDatabase.check(this.dataSource);
	}

	@TearDown(Level.Trial)
	public void stop() throws Exception {
		this.running.stop().close();
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
