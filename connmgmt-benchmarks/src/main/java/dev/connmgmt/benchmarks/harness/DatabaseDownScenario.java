package dev.connmgmt.benchmarks.harness;

import java.time.Duration;
import java.util.List;

import dev.connmgmt.benchmarks.postgres.BenchmarkDatabase;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestRole;

/**
 * The database goes down under an open-loop load and comes back: the server is stopped as
 * an operator would ({@code pg_ctl stop -m fast}: sessions terminated, connections refused),
 * left down, and started again on the same port. The pools' connection timeout is long (5 s
 * in the reported run) and the driver's connect timeout short (1 s): a caller that waits
 * out the connection timeout while the database refuses connections then stands out from
 * one that fails once a connect attempt has failed.
 */
final class DatabaseDownScenario {

	private DatabaseDownScenario() {
	}

	static Result run(HarnessStack stack, EmbeddedPostgresServer server, BenchmarkDatabase database,
			HarnessSettings settings) throws Exception {
		PoolSpec spec = new PoolSpec(database.url(), new TestRole(database.username(), database.password()),
				settings.poolSize(), settings.connectionTimeout())
			.withConnectTimeout(settings.connectTimeout());
		HarnessStack.Pool pool = stack.open(spec);
		try {
			OpenLoop load = OpenLoop.start("outage-" + stack, settings.rate(), settings.workers(),
					() -> Requests.lookUp(pool.dataSource()));
			Requests.sleep(settings.warmup());
			long steadyFrom = System.nanoTime();
			Requests.sleep(settings.steady());
			long downAt = System.nanoTime();
			long upAt;
			try {
				server.stop();
				Requests.sleep(settings.outage());
			}
			finally {
				server.restart();
				upAt = System.nanoTime();
			}
			Requests.sleep(settings.recovery());
			List<Outcome> outcomes = load.stop(Duration.ofSeconds(60));
			return Result.of(stack, outcomes, steadyFrom, downAt, upAt, settings);
		}
		finally {
			pool.close().close();
		}
	}

	/**
	 * What one stack went through.
	 *
	 * @param stack the stack
	 * @param steady latencies before the outage
	 * @param downSeconds how long the database refused connections, stop and restart
	 * included
	 * @param outageRequests requests scheduled while it was down
	 * @param failed of those, how many failed
	 * @param rejectedByBreaker failures refused at once by an open breaker
	 * @param acquireTimeouts failures that waited the whole connection timeout
	 * @param queryFailures failures of a query on a connection that died
	 * @param firstErrorMillis from the stop to the first failed request's completion
	 * @param firstRejectionMillis from the stop to the first refusal by the open breaker
	 * @param outageLatencies latencies of every request scheduled while the database was
	 * down, failed or not, from its scheduled start: its maximum is the longest any caller
	 * waited, the breaker open or not yet
	 * @param failedLatencies latencies of the failed requests
	 * @param rejectedLatencies latencies of the requests refused by the open breaker
	 * @param rejectedInCall the same requests' time in the call itself, without the wait
	 * for a worker thread
	 * @param rejectedHandoff the same requests' wait for a worker thread: from the
	 * scheduled start to the call
	 * @param firstSuccessAfterUpMillis from the restart to the first success
	 * @param lastFailureAfterUpMillis from the restart to the last failure, 0 when none
	 * failed after it: the time to recover
	 * @param recovered latencies of the last half of the recovery period
	 */
	record Result(String stack, Latencies steady, double downSeconds, int outageRequests, int failed,
			int rejectedByBreaker, int acquireTimeouts, int queryFailures, double firstErrorMillis,
			double firstRejectionMillis, Latencies outageLatencies, Latencies failedLatencies,
			Latencies rejectedLatencies, Latencies rejectedInCall, Latencies rejectedHandoff,
			double firstSuccessAfterUpMillis,
			double lastFailureAfterUpMillis, Latencies recovered) {

		static Result of(HarnessStack stack, List<Outcome> outcomes, long steadyFrom, long downAt, long upAt,
				HarnessSettings settings) {
			List<Outcome> outage = outcomes.stream().filter((o) -> o.scheduledIn(downAt, upAt)).toList();
			List<Outcome> failures = outcomes.stream().filter(Outcome::failed).toList();
			double firstError = failures.stream()
				.mapToDouble((o) -> Requests.millisBetween(downAt, o.completedNanos()))
				.min()
				.orElse(Double.NaN);
			double firstRejection = failures.stream()
				.filter((o) -> o.kind() == Outcome.Failure.REJECTED_BY_BREAKER)
				.mapToDouble((o) -> Requests.millisBetween(downAt, o.completedNanos()))
				.min()
				.orElse(Double.NaN);
			double firstSuccess = outcomes.stream()
				.filter((o) -> !o.failed() && o.completedNanos() - upAt >= 0)
				.mapToDouble((o) -> Requests.millisBetween(upAt, o.completedNanos()))
				.min()
				.orElse(Double.NaN);
			double lastFailure = failures.stream()
				.filter((o) -> o.completedNanos() - upAt >= 0)
				.mapToDouble((o) -> Requests.millisBetween(upAt, o.completedNanos()))
				.max()
				.orElse(0);
			long recoveredFrom = upAt + settings.recovery().toNanos() / 2;
			return new Result(stack.name(),
					Outcome.latencies(outcomes, (o) -> o.scheduledIn(steadyFrom, downAt)),
					Requests.millisBetween(downAt, upAt) / 1000, outage.size(),
					(int) outage.stream().filter(Outcome::failed).count(), count(outage, Outcome.Failure.REJECTED_BY_BREAKER),
					count(outage, Outcome.Failure.ACQUIRE_TIMEOUT), count(outage, Outcome.Failure.QUERY_FAILED),
					firstError, firstRejection, Outcome.latencies(outage, (o) -> true),
					Outcome.latencies(outage, Outcome::failed),
					Outcome.latencies(outage, (o) -> o.kind() == Outcome.Failure.REJECTED_BY_BREAKER),
					Outcome.inCall(outage, (o) -> o.kind() == Outcome.Failure.REJECTED_BY_BREAKER),
					Outcome.handoff(outage, (o) -> o.kind() == Outcome.Failure.REJECTED_BY_BREAKER), firstSuccess,
					lastFailure, Outcome.latencies(outcomes, (o) -> o.scheduledNanos() - recoveredFrom >= 0));
		}

		private static int count(List<Outcome> outcomes, Outcome.Failure kind) {
			return (int) outcomes.stream().filter((o) -> o.kind() == kind).count();
		}

	}

}
