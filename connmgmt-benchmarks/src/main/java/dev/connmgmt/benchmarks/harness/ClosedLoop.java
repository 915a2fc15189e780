package dev.connmgmt.benchmarks.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Load from a fixed number of threads, each issuing its next request as soon as the last
 * one completes: with more threads than connections, the pool is contended all the time,
 * as under an application's busiest traffic. Each request's latency is its own time in
 * the call.
 */
final class ClosedLoop {

	private final List<Thread> threads = new ArrayList<>();

	private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

	private volatile boolean running = true;

	private ClosedLoop(String name, int threadCount, OpenLoop.Request request) {
		for (int i = 0; i < threadCount; i++) {
			Thread thread = new Thread(() -> loop(request), name + "-client-" + (i + 1));
			thread.setDaemon(true);
			this.threads.add(thread);
		}
		this.threads.forEach(Thread::start);
	}

	/**
	 * Start the threads now.
	 * @param name names the threads
	 * @param threads how many
	 * @param request the request each repeats
	 * @return the running load
	 */
	static ClosedLoop start(String name, int threads, OpenLoop.Request request) {
		return new ClosedLoop(name, threads, request);
	}

	private void loop(OpenLoop.Request request) {
		while (this.running) {
			long started = System.nanoTime();
			Throwable failure = null;
			try {
				request.call();
			}
			catch (Throwable ex) {
				failure = ex;
			}
			this.outcomes.add(new Outcome(started, started, System.nanoTime(), failure));
		}
	}

	/**
	 * Stop the threads once their request in flight completes.
	 * @return every completed request, in order of start
	 * @throws InterruptedException when interrupted while waiting
	 */
	List<Outcome> stop() throws InterruptedException {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.join(60_000);
		}
		List<Outcome> all = new ArrayList<>(this.outcomes);
		all.sort(Comparator.comparingLong(Outcome::scheduledNanos));
		return all;
	}

}
