package dev.connmgmt.credentials;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.connmgmt.test.secrets.IssuedSecrets;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Threads querying the orders table until closed, counting what they served and what
 * failed.
 */
final class QueryLoad implements AutoCloseable {

	private final AtomicLong served = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final Queue<String> firstFailures = new ConcurrentLinkedQueue<>();

	private volatile String lastFailure;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final ExecutorService threads;

	QueryLoad(JdbcTemplate jdbc, int threads) {
		this.threads = Executors.newFixedThreadPool(threads);
		for (int i = 0; i < threads; i++) {
			this.threads.execute(() -> {
				while (this.running.get()) {
					try {
						jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class);
						this.served.incrementAndGet();
					}
					catch (RuntimeException ex) {
						if (this.failed.incrementAndGet() <= 5) {
							this.firstFailures.add(ex.toString());
						}
						this.lastFailure = ex + " caused by " + NestedExceptionUtils.getMostSpecificCause(ex);
						IssuedSecrets.scan("exception thrown to a caller", ex);
					}
				}
			});
		}
	}

	void awaitMore(long requests) {
		long before = this.served.get();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.served.get() >= before + requests);
	}

	AtomicLong served() {
		return this.served;
	}

	/**
	 * Describe the first few failures, for assertion messages.
	 */
	String firstFailures() {
		return String.join("; ", this.firstFailures) + " ... last: " + this.lastFailure;
	}

	AtomicLong failed() {
		return this.failed;
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.threads.shutdown();
		assertThat(this.threads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
	}

}
