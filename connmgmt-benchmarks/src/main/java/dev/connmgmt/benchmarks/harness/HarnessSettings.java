package dev.connmgmt.benchmarks.harness;

import java.time.Duration;

/**
 * The load and timings of the harness.
 *
 * @param rate requests per second of the open-loop load in the outage and rotation scenarios
 * @param poolSize connections in each pool of those scenarios
 * @param connectionTimeout the pools' connection timeout in the outage scenario: long
 * enough that a caller who waits it out stands out from one who fails fast
 * @param connectTimeout the driver's limit on opening a connection and logging in, in the
 * outage scenario (PostgreSQL's {@code connectTimeout} and {@code loginTimeout}, whole
 * seconds): no caller should wait longer than it and one login
 * @param warmup load before anything is recorded
 * @param steady load recorded as the steady state before the fault
 * @param outage how long the database is down
 * @param recovery load recorded after the database is back
 * @param afterRotation load recorded after the old role is dropped
 * @param rotationThreads closed-loop client threads during the rotation, on top of the
 * open loop: more than the pool's connections, so that it is contended throughout
 * @param spikeThreads client threads that start at once in the spike
 * @param spikeInterval how often each of them issues a request
 * @param spikeHold how long each request keeps its connection after its query, as a
 * request doing its work inside a transaction does
 * @param spike how long the spike lasts
 * @param spikePoolSize the largest pool in the spike
 */
public record HarnessSettings(int rate, int poolSize, Duration connectionTimeout, Duration connectTimeout,
		Duration warmup, Duration steady, Duration outage, Duration recovery, Duration afterRotation,
		int rotationThreads, int spikeThreads, Duration spikeInterval, Duration spikeHold, Duration spike,
		int spikePoolSize) {

	/**
	 * The settings of the reported run.
	 * @return the settings
	 */
	public static HarnessSettings quick() {
		return new HarnessSettings(100, 4, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(3),
				Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(3), 8, 50,
				Duration.ofMillis(25), Duration.ofMillis(3), Duration.ofSeconds(3), 10);
	}

	/**
	 * Short settings that go through every scenario, to try changes; the outage still
	 * outlasts the connection timeout, so that the breaker opens.
	 * @return the settings
	 */
	public static HarnessSettings dev() {
		return new HarnessSettings(100, 4, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1),
				Duration.ofSeconds(2), Duration.ofSeconds(7), Duration.ofSeconds(4), Duration.ofSeconds(1), 8, 50,
				Duration.ofMillis(25), Duration.ofMillis(3), Duration.ofSeconds(1), 10);
	}

	/**
	 * Return the threads the open loop needs: enough that callers who all wait out the
	 * connection timeout do not hold the load back.
	 * @return twice the requests issued in one connection timeout, at least 256
	 */
	int workers() {
		return (int) Math.max(256, 2 * this.rate * this.connectionTimeout.toSeconds());
	}

}
