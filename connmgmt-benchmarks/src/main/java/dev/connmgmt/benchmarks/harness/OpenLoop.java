package dev.connmgmt.benchmarks.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Load at a fixed arrival rate: a scheduler issues request {@code i} at
 * {@code start + i / rate} whether or not earlier requests have completed, and each
 * request's latency is measured from that scheduled time. A slow system therefore shows
 * its queueing in the latencies instead of slowing the load down (no coordinated omission).
 */
final class OpenLoop {

	private final Request request;

	private final long periodNanos;

	private final ExecutorService workers;

	private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

	private final Thread scheduler;

	private final long startNanos;

	private volatile boolean running = true;

	private OpenLoop(String name, int perSecond, int workerThreads, Request request) {
		this.request = request;
		this.periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
		AtomicInteger count = new AtomicInteger();
		ThreadFactory threads = (task) -> {
			Thread thread = new Thread(task, name + "-worker-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		ThreadPoolExecutor workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.MILLISECONDS,
				new SynchronousQueue<>(), threads, (task, executor) -> threads.newThread(task).start());
		workers.prestartAllCoreThreads();
		this.workers = workers;
		this.startNanos = System.nanoTime();
		this.scheduler = new Thread(this::schedule, name + "-scheduler");
		this.scheduler.setDaemon(true);
		this.scheduler.start();
	}

	/**
	 * Start issuing requests now.
	 * @param name names the threads
	 * @param perSecond the arrival rate
	 * @param workerThreads threads that run requests, all started before the first request
	 * (a thread started on demand would cost the request that triggers it); each request
	 * goes to the thread that became idle last, whose stack and caches are still warm,
	 * where a queue would wake the thread idle longest; a request that finds every thread
	 * busy gets a thread of its own, its start counted in its latency
	 * @param request the request
	 * @return the running load
	 */
	static OpenLoop start(String name, int perSecond, int workerThreads, Request request) {
		return new OpenLoop(name, perSecond, workerThreads, request);
	}

	private void schedule() {
		for (long i = 0; this.running; i++) {
			long at = this.startNanos + i * this.periodNanos;
			long wait;
			while ((wait = at - System.nanoTime()) > 0 && this.running) {
				LockSupport.parkNanos(wait);
			}
			if (this.running) {
				this.workers.execute(() -> call(at));
			}
		}
	}

	private void call(long scheduledNanos) {
		long started = System.nanoTime();
		Throwable failure = null;
		try {
			this.request.call();
		}
		catch (Throwable ex) {
			failure = ex;
		}
		this.outcomes.add(new Outcome(scheduledNanos, started, System.nanoTime(), failure));
	}

	/**
	 * Stop issuing requests and wait for those issued to complete.
	 * @param drain the longest wait for requests in flight
	 * @return every completed request, in scheduled order
	 * @throws InterruptedException when interrupted while waiting
	 */
	List<Outcome> stop(Duration drain) throws InterruptedException {
		this.running = false;
		this.scheduler.join();
		this.workers.shutdown();
		if (!this.workers.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
			this.workers.shutdownNow();
		}
		List<Outcome> all = new ArrayList<>(this.outcomes);
		all.sort(Comparator.comparingLong(Outcome::scheduledNanos));
		return all;
	}

	/**
	 * One request of the load.
	 */
	@FunctionalInterface
	interface Request {

		void call() throws Exception;

	}

}
