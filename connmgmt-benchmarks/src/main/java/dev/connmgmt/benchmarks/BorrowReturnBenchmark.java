package dev.connmgmt.benchmarks;

import java.util.concurrent.TimeUnit;

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

	@Param({ "RAW_HIKARICP", "SPRING_BOOT_DEFAULT", "CONNMGMT_DEFAULT", "CONNMGMT_POOL", "CONNMGMT_BREAKER_ONLY",
			"CONNMGMT_RETRY_ONLY", "CONNMGMT_METRICS_ONLY", "CONNMGMT_TRACING_ONLY" })
	public PoolStack stack;

	private PoolStack.Running running;

	private PoolStack.Borrow borrow;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.running = this.stack.start();
		this.borrow = this.running.borrow();
	}

	@TearDown(Level.Trial)
	public void stop() throws Exception {
		this.running.stop().close();
	}

	@Benchmark
	public boolean borrowAndReturn() throws Exception {
		return this.borrow.borrowAndReturn();
	}

}
