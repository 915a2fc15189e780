package dev.connmgmt.benchmarks.harness;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.connmgmt.benchmarks.postgres.BenchmarkDatabase;
import dev.connmgmt.test.postgres.TestRole;
import org.HdrHistogram.Histogram;

/**
 * A spike: from no client at all to {@link HarnessSettings#spikeThreads()} client threads
 * at once, against a pool holding one idle connection whose new connections each take
 * {@link ConnectDelayDriver#DELAY_MILLIS} ms more to open. Each thread issues requests on a
 * fixed schedule of its own (open loop), the threads' schedules spread evenly over one
 * interval, and keeps its connection a few milliseconds after its query, so that the load
 * needs most of the pool; the wait for a connection is recorded per request.
 */
final class SpikeScenario {

	private SpikeScenario() {
	}

	static Result run(HarnessStack stack, BenchmarkDatabase database, HarnessSettings settings) throws Exception {
		String url = ConnectDelayDriver.PREFIX + database.url().substring("jdbc:".length());
		PoolSpec spec = new PoolSpec(url, ConnectDelayDriver.class.getName(),
				new TestRole(database.username(), database.password()), null, settings.spikePoolSize(), 1,
				Duration.ofSeconds(30), null);
		HarnessStack.Pool pool = stack.open(spec);
		try {
			for (int i = 0; i < 500; i++) {
				Requests.lookUp(pool.dataSource());
			}
			int before = ConnectDelayDriver.opened();
			int poolBefore = pool.hikari().getHikariPoolMXBean().getTotalConnections();
			List<Client> clients = new ArrayList<>();
			CountDownLatch go = new CountDownLatch(1);
			long intervalNanos = settings.spikeInterval().toNanos();
			for (int i = 0; i < settings.spikeThreads(); i++) {
				Client client = new Client(pool, go, i * intervalNanos / settings.spikeThreads(), intervalNanos,
						settings.spikeHold().toNanos(), settings.spike().toNanos());
				clients.add(client);
				client.thread.start();
			}
			go.countDown();
			for (Client client : clients) {
				client.thread.join();
			}
			Histogram acquire = Outcome.histogram();
			Histogram latency = Outcome.histogram();
			int failed = 0;
			for (Client client : clients) {
				acquire.add(client.acquireMicros);
				latency.add(client.latencyMicros);
				failed += client.failed.get();
			}
			return new Result(stack.name(), poolBefore, ConnectDelayDriver.opened() - before,
					pool.hikari().getHikariPoolMXBean().getTotalConnections(), failed, Latencies.of(acquire),
					Latencies.of(latency));
		}
		finally {
			pool.close().close();
		}
	}

	private static final class Client implements Runnable {

		final Thread thread;

		final Histogram acquireMicros = Outcome.histogram();

		final Histogram latencyMicros = Outcome.histogram();

		final AtomicInteger failed = new AtomicInteger();

		private final HarnessStack.Pool pool;

		private final CountDownLatch go;

		private final long offsetNanos;

		private final long intervalNanos;

		private final long holdNanos;

		private final long durationNanos;

		Client(HarnessStack.Pool pool, CountDownLatch go, long offsetNanos, long intervalNanos, long holdNanos,
				long durationNanos) {
			this.pool = pool;
			this.go = go;
			this.offsetNanos = offsetNanos;
			this.intervalNanos = intervalNanos;
			this.holdNanos = holdNanos;
			this.durationNanos = durationNanos;
			this.thread = new Thread(this, "spike-client");
			this.thread.setDaemon(true);
		}

		@Override
		public void run() {
			try {
				this.go.await();
			}
			catch (InterruptedException ex) {
				return;
			}
			long start = System.nanoTime();
			for (long at = start + this.offsetNanos; at - (start + this.durationNanos) < 0; at += this.intervalNanos) {
				long wait;
				while ((wait = at - System.nanoTime()) > 0) {
					LockSupport.parkNanos(wait);
				}
				long borrowing = System.nanoTime();
				try (Connection connection = this.pool.dataSource().getConnection()) {
					this.acquireMicros.recordValue((System.nanoTime() - borrowing) / 1_000);
					BenchmarkDatabase.lookUp(connection,
							ThreadLocalRandom.current().nextInt(1, BenchmarkDatabase.ROWS + 1));
					hold();
				}
				catch (Exception ex) {
					this.failed.incrementAndGet();
				}
				this.latencyMicros.recordValue(Math.max(0, (System.nanoTime() - at) / 1_000));
			}
		}

		private void hold() {
			long until = System.nanoTime() + this.holdNanos;
			long left;
			while ((left = until - System.nanoTime()) > 0) {
				LockSupport.parkNanos(left);
			}
		}

	}

	/**
	 * What one stack went through.
	 *
	 * @param stack the stack
	 * @param poolBefore connections in the pool when the spike began
	 * @param connectionsCreated connections opened during the spike
	 * @param poolAfter connections in the pool when it ended
	 * @param failed requests that failed
	 * @param acquireWait the waits for a connection
	 * @param latency the request latencies from their scheduled start
	 */
	record Result(String stack, int poolBefore, int connectionsCreated, int poolAfter, int failed,
			Latencies acquireWait, Latencies latency) {
	}

}
