package dev.connmgmt.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The callers of one pool that are inside a borrow, so that a refused connect can wake
 * those waiting in HikariCP for a connection that will not come. HikariCP gives its waiters
 * no other way out than a connection, the connection timeout or an interrupt; this is the
 * interrupt, made safe by a state machine:
 * <ul>
 * <li>a caller is {@code WAITING} from {@link #begin()} until {@link Borrow#end()};</li>
 * <li>a wake moves a {@code WAITING} caller to {@code WAKING}, interrupts its thread, then
 * marks it {@code WOKEN};</li>
 * <li>{@link Borrow#end()} moves {@code WAITING} back to {@code IDLE} in one
 * compare-and-set, so a caller that has left can never be interrupted any more; one that
 * was claimed waits for the interrupt to have landed, clears it, and learns why.</li>
 * </ul>
 * No interrupt of connmgmt's outlives the borrow it was meant for. Each thread is
 * registered once per pool: a borrow costs a thread-local read, a release store and one
 * uncontended compare-and-set. Registrations of threads that ended are swept as they pile
 * up.
 */
final class PendingBorrows {

	private static final int MINIMUM_SWEEP = 64;

	private final Set<Borrow> borrows = ConcurrentHashMap.newKeySet();

	private final ThreadLocal<Borrow> current = ThreadLocal.withInitial(this::register);

	private int sweepAt = MINIMUM_SWEEP;

	/**
	 * Note that the calling thread starts to borrow.
	 * @return the borrow, to {@link Borrow#end() end} however it ends
	 */
	Borrow begin() {
		Borrow borrow = this.current.get();
		Borrow.STATE.setRelease(borrow, Borrow.WAITING);
		return borrow;
	}

	/**
	 * Wake every caller inside a borrow with a failure to report; the calling thread, should
	 * it be one (HikariCP opens a starting pool's first connection on its caller's thread),
	 * is left to fail on its own.
	 * @param failure why no connection comes
	 */
	void wake(SQLException failure) {
		for (Borrow borrow : this.borrows) {
			if (!borrow.thread.isAlive()) {
				this.borrows.remove(borrow);
			}
			else if (borrow.thread != Thread.currentThread()) {
				borrow.wake(failure);
			}
		}
	}

	private Borrow register() {
		Borrow borrow = new Borrow(Thread.currentThread());
		this.borrows.add(borrow);
		synchronized (this) {
			if (this.borrows.size() >= this.sweepAt) {
				this.borrows.removeIf((registered) -> !registered.thread.isAlive());
				this.sweepAt = Math.max(MINIMUM_SWEEP, this.borrows.size() * 2);
			}
		}
		return borrow;
	}

	/**
	 * One thread's borrows from the pool.
	 */
	static final class Borrow {

		static final int IDLE = 0;

		static final int WAITING = 1;

		static final int WAKING = 2;

		static final int WOKEN = 3;

		static final VarHandle STATE;

		static {
			try {
				STATE = MethodHandles.lookup().findVarHandle(Borrow.class, "state", int.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private final Thread thread;

		private volatile int state;

		private SQLException failure;

		private Borrow(Thread thread) {
			this.thread = thread;
		}

		private void wake(SQLException failure) {
			if (STATE.compareAndSet(this, WAITING, WAKING)) {
				this.failure = failure;
				this.thread.interrupt();
				this.state = WOKEN;
			}
		}

		/**
		 * End the borrow.
		 * @return the failure the borrow was woken with, or {@code null} when it was not
		 * woken
		 */
		SQLException end() {
			if (STATE.compareAndSet(this, WAITING, IDLE)) {
				return null;
			}
			while (this.state != WOKEN) {
				Thread.yield();
			}
			Thread.interrupted();
			SQLException woken = this.failure;
			this.failure = null;
			this.state = IDLE;
			return woken;
		}

	}

}
