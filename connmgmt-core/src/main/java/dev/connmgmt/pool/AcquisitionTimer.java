package dev.connmgmt.pool;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts a pool's acquisitions and those that waited longer than a target, so the share of
 * slow acquisitions (above 1% means the 99th percentile is above the target) can be read
 * and reset each sizing interval. Two adders: cheap enough for every borrow of a pool
 * that sizes itself.
 *
 * @since 0.1.0
 */
final class AcquisitionTimer {

	private final long targetNanos;

	private final LongAdder acquisitions = new LongAdder();

	private final LongAdder slow = new LongAdder();

	/**
	 * Create a timer.
	 * @param targetNanos the wait above which an acquisition counts as slow
	 */
	public AcquisitionTimer(long targetNanos) {
		this.targetNanos = targetNanos;
	}

	void record(long waitedNanos) {
		this.acquisitions.increment();
		if (waitedNanos > this.targetNanos) {
			this.slow.increment();
		}
	}

	/**
	 * Return the share of slow acquisitions since the last call, and start counting anew.
	 * @return the share, 0 when there was no acquisition
	 */
	public double slowShareAndReset() {
		long all = this.acquisitions.sumThenReset();
		long slow = this.slow.sumThenReset();
		return (all == 0) ? 0 : (double) slow / all;
	}

}
