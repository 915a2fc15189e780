package dev.connmgmt.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
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
 * Borrowing a connection and returning it, the hot path every query pays, through each
 * {@link PoolStack}. The stub driver makes the pool and its wrappers the only cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BorrowReturnBenchmark {

	@Param({ "RAW_HIKARICP", "SPRING_BOOT_DEFAULT", "CONNMGMT_DEFAULT", "CONNMGMT_WITHOUT_TRACING" })
	public PoolStack stack;

	private PoolStack.Running running;

	private DataSource dataSource;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.running = this.stack.start();
		this.dataSource = this.running.dataSource();
	}

	@TearDown(Level.Trial)
	public void stop() throws Exception {
		this.running.stop().close();
	}

	@Benchmark
	public boolean borrowAndReturn() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			return connection.isReadOnly();
		}
	}

}
