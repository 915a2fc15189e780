package dev.connmgmt.benchmarks;

import java.time.Duration;

import dev.connmgmt.benchmarks.harness.HarnessSettings;
import dev.connmgmt.benchmarks.postgres.QuerySettings;

/**
 * The settings of every part of the suite, by mode.
 *
 * @param borrow the stub borrow/return benchmark
 * @param rejection the open-breaker rejection benchmark
 * @param queries the PostgreSQL query benchmark
 * @param harness the fault and load harness
 */
public record SuiteSettings(JmhSettings borrow, JmhSettings rejection, QuerySettings queries, HarnessSettings harness) {

	/**
	 * The reported run: about 12 minutes on 2 cores.
	 * @return the settings
	 */
	static SuiteSettings quick() {
		return new SuiteSettings(new JmhSettings(3, Duration.ofSeconds(1), 4, Duration.ofSeconds(1)),
				new JmhSettings(2, Duration.ofSeconds(1), 3, Duration.ofSeconds(1)),
				new QuerySettings(Duration.ofMillis(500), Duration.ofMillis(500), 20, 4), HarnessSettings.quick());
	}

	/**
	 * One short iteration of everything, to try changes: its numbers mean nothing.
	 * @return the settings
	 */
	static SuiteSettings dev() {
		JmhSettings tiny = new JmhSettings(1, Duration.ofMillis(200), 1, Duration.ofMillis(500));
		QuerySettings turns = new QuerySettings(Duration.ofMillis(100), Duration.ofMillis(200), 2, 1);
		return new SuiteSettings(tiny, tiny, turns, HarnessSettings.dev());
	}

	static SuiteSettings of(String mode) {
		return switch (mode) {
			case "quick" -> quick();
			case "dev" -> dev();
			default -> throw new IllegalArgumentException("Unknown mode '" + mode + "': quick or dev");
		};
	}

}
