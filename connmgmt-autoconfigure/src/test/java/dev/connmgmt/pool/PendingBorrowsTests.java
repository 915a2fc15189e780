package dev.connmgmt.pool;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which borrows a refused connect wakes: only those that were already waiting when that
 * connect began. A borrow that began after it, when the database may already be back, is
 * left to the connects that follow.
 */
class PendingBorrowsTests {

	private final PendingBorrows pending = new PendingBorrows();

	@Test
	void aRefusedConnectWakesTheBorrowsThatWereWaitingWhenItBegan() throws Exception {
		CountDownLatch waiting = new CountDownLatch(1);
		CountDownLatch woken = new CountDownLatch(1);
		CompletableFuture<SQLException> outcome = borrowing(waiting, woken);
		assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
		long connect = this.pending.connectStarting();
		this.pending.wake(new SQLTransientConnectionException("refused"), connect);
		woken.countDown();
		SQLException failure = outcome.get(10, TimeUnit.SECONDS);
		assertThat((Throwable) failure).as("the borrow is woken with the refusal").isNotNull();
		assertThat(failure.getMessage()).isEqualTo("refused");
	}

	@Test
	void aRefusedConnectLeavesABorrowThatBeganAfterIt() throws Exception {
		long connect = this.pending.connectStarting();
		CountDownLatch waiting = new CountDownLatch(1);
		CountDownLatch woken = new CountDownLatch(1);
		CompletableFuture<SQLException> outcome = borrowing(waiting, woken);
		assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
		this.pending.wake(new SQLTransientConnectionException("refused before this borrow"), connect);
		woken.countDown();
		SQLException failure = outcome.get(10, TimeUnit.SECONDS);
		assertThat((Object) failure).as("a borrow that began after the refused connect").isNull();
	}

	private CompletableFuture<SQLException> borrowing(CountDownLatch waiting, CountDownLatch woken) {
		CompletableFuture<SQLException> outcome = new CompletableFuture<>();
		Thread borrower = new Thread(() -> {
			PendingBorrows.Borrow borrow = this.pending.begin();
			waiting.countDown();
			boolean released = false;
			while (!released) {
				try {
					released = woken.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					// a wake interrupts the borrower; end() clears it
				}
			}
			outcome.complete(borrow.end(false));
		});
		borrower.start();
		return outcome;
	}

}
