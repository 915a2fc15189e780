package dev.connmgmt.pool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the autoscalers of all pools that size themselves, on one daemon thread, from when
 * the pools have started until shutdown begins.
 *
 * @since 0.1.0
 */
public class PoolAutoscalers implements SmartLifecycle {

	private final List<PoolAutoscaler> autoscalers = new CopyOnWriteArrayList<>();

	private final int phase;

	private volatile ScheduledThreadPoolExecutor scheduler;

	/**
	 * Create the runner.
	 * @param phase the lifecycle phase: after the pools start, before they drain
	 */
	public PoolAutoscalers(int phase) {
		this.phase = phase;
	}

	/**
	 * Add the autoscaler of a pool.
	 * @param autoscaler the autoscaler
	 */
	public void add(PoolAutoscaler autoscaler) {
		this.autoscalers.add(autoscaler);
		ScheduledThreadPoolExecutor scheduler = this.scheduler;
		if (scheduler != null) {
			schedule(scheduler, autoscaler);
		}
	}

	/**
	 * Return the autoscalers.
	 * @return every pool's autoscaler
	 */
	public List<PoolAutoscaler> getAutoscalers() {
		return List.copyOf(this.autoscalers);
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "connmgmt-autoscale");
			thread.setDaemon(true);
			return thread;
		});
		this.autoscalers.forEach((autoscaler) -> schedule(scheduler, autoscaler));
		this.scheduler = scheduler;
	}

	private static void schedule(ScheduledThreadPoolExecutor scheduler, PoolAutoscaler autoscaler) {
		long interval = autoscaler.getSettings().interval().toMillis();
		scheduler.scheduleWithFixedDelay(() -> {
			try {
				autoscaler.tick();
			}
			catch (RuntimeException ex) {
				// a failed look at the pool is retried at the next interval
			}
		}, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
