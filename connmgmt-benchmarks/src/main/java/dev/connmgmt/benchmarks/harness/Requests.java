package dev.connmgmt.benchmarks.harness;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import dev.connmgmt.benchmarks.postgres.BenchmarkDatabase;

/**
 * What the harness's load does, and its clock.
 */
final class Requests {

	private Requests() {
	}

	/**
	 * One request: borrow, look a random item up by primary key, return.
	 */
	static void lookUp(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			BenchmarkDatabase.lookUp(connection, ThreadLocalRandom.current().nextInt(1, BenchmarkDatabase.ROWS + 1));
		}
	}

	static void sleep(Duration duration) throws InterruptedException {
		Thread.sleep(duration.toMillis());
	}

	static double millisBetween(long fromNanos, long toNanos) {
		return (toNanos - fromNanos) / 1_000_000.0;
	}

}
