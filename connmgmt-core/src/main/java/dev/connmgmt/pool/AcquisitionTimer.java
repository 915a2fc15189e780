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
	 * Return the acquisitions since the last call, and start counting anew.
	 * @return the acquisitions counted, and how many of them were slow
	 */
	Sample takeSample() {
		long all = this.acquisitions.sumThenReset();
		long slow = this.slow.sumThenReset();
		return new Sample(all, Math.min(slow, all));
	}

	/**
	 * Acquisitions counted over some time.
	 *
	 * @param acquisitions how many there were
	 * @param slow how many of them waited longer than the target
	 */
	record Sample(long acquisitions, long slow) {

		static final Sample NONE = new Sample(0, 0);

		Sample plus(Sample other) {
			return new Sample(this.acquisitions + other.acquisitions, this.slow + other.slow);
		}

		double slowShare() {
			return (this.acquisitions == 0) ? 0 : (double) this.slow / this.acquisitions;
		}

	}

}
