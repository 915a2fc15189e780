package dev.connmgmt.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The callers of one pool that are inside a borrow, so that a refused connect can wake
 * those waiting in HikariCP for a connection that will not come. HikariCP gives its waiters
 * no other way out than a connection, the connection timeout or an interrupt; this is the
 * interrupt, made safe by a state machine:
 * <ul>
 * <li>a caller is {@code WAITING} from {@link #begin()} until {@link Borrow#end(boolean)};</li>
 * <li>a wake moves a {@code WAITING} caller to {@code WAKING}, interrupts its thread, then
 * marks it {@code WOKEN};</li>
 * <li>{@link Borrow#end(boolean)} moves {@code WAITING} back to {@code IDLE} in one
 * compare-and-set, so a caller that has left can never be interrupted any more; one that
 * was claimed waits for the interrupt to have landed, clears it, and learns why.</li>
 * </ul>
 * No interrupt of connmgmt's outlives the borrow it was meant for. Each thread is
 * registered once per pool: a borrow costs a thread-local read, a release store and one
 * uncontended compare-and-set. The same compare-and-set counts the borrow's success for
 * the pool's circuit breaker when asked to, so that a healthy borrow pays for no other
 * atomic update: the count of each thread lives in the upper bits of its state word, and
 * {@link #successes()} sums them. Registrations of threads that ended are swept as they
 * pile up, their counts kept.
 */
final class PendingBorrows {

	private static final int MINIMUM_SWEEP = 64;

	private final Set<Borrow> borrows = ConcurrentHashMap.newKeySet();

	private final ThreadLocal<Borrow> current = ThreadLocal.withInitial(this::register);

	private int sweepAt = MINIMUM_SWEEP;

	private long successesOfEndedThreads;

	/**
	 * How many connects have begun: a borrow notes it when it starts, so that a refused
	 * connect wakes only the borrows that were already waiting when it began.
	 */
	private final AtomicLong connects = new AtomicLong();

	/**
	 * Note that the calling thread starts to borrow.
	 * @return the borrow, to {@link Borrow#end(boolean) end} however it ends
	 */
	Borrow begin() {
		Borrow borrow = this.current.get();
		borrow.since = this.connects.get();
		long state = (long) Borrow.STATE.getOpaque(borrow);
		Borrow.STATE.setRelease(borrow, (state & Borrow.COUNT) | Borrow.WAITING);
		return borrow;
	}

	/**
	 * Note that a connect begins.
	 * @return the connect's number, to {@link #wake(SQLException, long) wake} with should it
	 * be refused
	 */
	long connectStarting() {
		return this.connects.incrementAndGet();
	}

	/**
	 * Wake every caller inside a borrow that began before the refused connect did, with a
	 * failure to report; a borrow that began later may meet a database that is back, and is
	 * left to the connects after it. The calling thread, should it be one (HikariCP opens a
	 * starting pool's first connection on its caller's thread), is left to fail on its own.
	 * @param failure why no connection comes
	 * @param connect the refused connect's number, from {@link #connectStarting()}
	 */
	void wake(SQLException failure, long connect) {
		for (Borrow borrow : this.borrows) {
			if (borrow.thread != Thread.currentThread() && borrow.thread.isAlive()) {
				borrow.wake(failure, connect);
			}
		}
	}

	/**
	 * Return how many borrows ended with {@code countSuccess}, ever. Each thread's count is
	 * read as it stands; borrows ending meanwhile may or may not be in the sum.
	 * @return the count
	 */
	synchronized long successes() {
		long successes = this.successesOfEndedThreads;
		for (Borrow borrow : this.borrows) {
			successes += borrow.successes();
		}
		return successes;
	}

	private Borrow register() {
		Borrow borrow = new Borrow(Thread.currentThread());
		synchronized (this) {
			this.borrows.add(borrow);
			if (this.borrows.size() >= this.sweepAt) {
				this.borrows.removeIf((registered) -> {
					if (registered.thread.isAlive()) {
						return false;
					}
					this.successesOfEndedThreads += registered.successes();
					return true;
				});
				this.sweepAt = Math.max(MINIMUM_SWEEP, this.borrows.size() * 2);
			}
		}
		return borrow;
	}

	/**
	 * Room before a thread's borrow state, so that no other object's fields share its cache
	 * line: two threads' states side by side (as a garbage collector may well copy them)
	 * would make every borrow of one thread invalidate the other's line, a cost of about
	 * twice the whole borrow. Superclass fields are laid out first.
	 */
	abstract static class BorrowPaddingBefore {

		long p01;

		long p02;

		long p03;

		long p04;

		long p05;

		long p06;

		long p07;

		long p08;

	}

	/**
	 * The fields a thread's borrow writes, between its paddings.
	 */
	abstract static class BorrowState extends BorrowPaddingBefore {

		/**
		 * The phase in the lowest two bits, the count of successes above them.
		 */
		volatile long state;

		/**
		 * How many connects had begun when the current borrow did, written before its phase
		 * is published.
		 */
		long since;

		SQLException failure;

	}

	/**
	 * Room after a thread's borrow state.
	 */
	abstract static class BorrowPaddingAfter extends BorrowState {

		long p11;

		long p12;

		long p13;

		long p14;

		long p15;

		long p16;

		long p17;

		long p18;

	}

	/**
	 * One thread's borrows from the pool.
	 */
	static final class Borrow extends BorrowPaddingAfter {

		static final long IDLE = 0;

		static final long WAITING = 1;

		static final long WAKING = 2;

		static final long WOKEN = 3;

		private static final long PHASE = 3;

		private static final long COUNT = ~PHASE;

		private static final long ONE_SUCCESS = PHASE + 1;

		static final VarHandle STATE;

		static {
			try {
				STATE = MethodHandles.lookup().findVarHandle(BorrowState.class, "state", long.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private final Thread thread;

		private Borrow(Thread thread) {
			this.thread = thread;
		}

		private long successes() {
			return this.state >>> 2;
		}

		private void wake(SQLException failure, long connect) {
			long state = this.state;
			if ((state & PHASE) == WAITING && this.since < connect
					&& STATE.compareAndSet(this, state, (state & COUNT) | WAKING)) {
				this.failure = failure;
				this.thread.interrupt();
				this.state = (state & COUNT) | WOKEN;
			}
		}

		/**
		 * End the borrow.
		 * @param countSuccess whether to count it as a success
		 * @return the failure the borrow was woken with, or {@code null} when it was not
		 * woken
		 */
		SQLException end(boolean countSuccess) {
			long state = (long) STATE.getOpaque(this);
			long ended = (state & COUNT) + (countSuccess ? ONE_SUCCESS : 0);
			if ((state & PHASE) == WAITING && STATE.compareAndSet(this, state, ended)) {
				return null;
			}
			while ((this.state & PHASE) != WOKEN) {
				Thread.yield();
			}
			Thread.interrupted();
			SQLException woken = this.failure;
			this.failure = null;
			this.state = this.state & COUNT;
			return woken;
		}

	}

}
