package dev.connmgmt.pool;

import com.zaxxer.hikari.HikariConfigMXBean;

/**
 * The changes of a running pool's maximum size, made one at a time: the autoscaler's, and
 * the slots a rotation lends the pool for a moment so that HikariCP can take the new
 * credentials' connections before the old ones are retired. While slots are lent, the
 * autoscaler leaves the size alone, so that it neither counts the loan as capacity nor
 * loses its own change when the loan is repaid.
 */
final class PoolSizeLoan {

	private final HikariConfigMXBean config;

	private int lent;

	private int minimumIdleBefore;

	PoolSizeLoan(HikariConfigMXBean config) {
		this.config = config;
	}

	/**
	 * Raise the maximum size by the given number of slots, and the minimum of idle
	 * connections to the raised size, so that HikariCP adds connections up to it when
	 * asked.
	 * @param slots how many slots to lend
	 * @return whether they were lent: not when a loan is out already
	 */
	synchronized boolean lend(int slots) {
		if (this.lent > 0 || slots <= 0) {
			return false;
		}
		int raised = this.config.getMaximumPoolSize() + slots;
		this.minimumIdleBefore = this.config.getMinimumIdle();
		this.config.setMaximumPoolSize(raised);
		this.config.setMinimumIdle(raised);
		this.lent = slots;
		return true;
	}

	/**
	 * Give the lent slots back: the maximum size and minimum of idle connections are what
	 * they were. HikariCP adds no connection while it holds more than its maximum, and
	 * closes none for it either.
	 */
	synchronized void repay() {
		if (this.lent == 0) {
			return;
		}
		int size = Math.max(1, this.config.getMaximumPoolSize() - this.lent);
		this.config.setMinimumIdle(Math.min(this.minimumIdleBefore, size));
		this.config.setMaximumPoolSize(size);
		this.lent = 0;
	}

	/**
	 * Change the maximum size, when it is still the one the caller decided from and no
	 * slots are lent.
	 * @param from the size the change was decided from
	 * @param to the new size
	 * @return whether the size changed
	 */
	synchronized boolean resize(int from, int to) {
		if (this.lent > 0 || this.config.getMaximumPoolSize() != from) {
			return false;
		}
		this.config.setMaximumPoolSize(to);
		return true;
	}

}
