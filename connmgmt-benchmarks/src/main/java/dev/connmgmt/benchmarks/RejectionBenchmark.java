package dev.connmgmt.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.PoolUnavailableException;
import dev.connmgmt.internal.resilience.CircuitBreakerAcquisitionGuard;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A borrow refused by an open circuit breaker: what a caller of connmgmt's default stack
 * pays, per call, while the database is known to be down, instead of waiting for the
 * connection timeout. The breaker is forced open, so every call measured is a rejection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RejectionBenchmark {

	private ConfigurableApplicationContext context;

	private DataSource dataSource;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.context = PoolStack.connmgmt();
		this.dataSource = this.context.getBean(DataSource.class);
		PoolStack.borrow(this.dataSource);
		CircuitBreakerAcquisitionGuard guard = (CircuitBreakerAcquisitionGuard) this.dataSource
			.unwrap(ManagedDataSource.class)
			.getGuard();
		guard.getBreaker().transitionToForcedOpenState();
		rejectedBorrow();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public SQLException rejectedBorrow() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			throw new IllegalStateException("The open breaker let a borrow through: " + connection);
		}
		catch (PoolUnavailableException ex) {
			return ex;
		}
	}

}
