package dev.connmgmt.benchmarks.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dev.connmgmt.benchmarks.report.Section;
import dev.connmgmt.benchmarks.report.Target;

/**
 * The harness's part of the report: each scenario as a table with a column per stack, and
 * the targets it checks.
 *
 * @param results what the harness measured
 */
public record HarnessSection(FaultHarness.Results results) implements Section {

	@Override
	public String key() {
		return "harness";
	}

	@Override
	public String markdown() {
		HarnessSettings s = this.results.settings();
		StringBuilder md = new StringBuilder("## Fault and load harness, embedded PostgreSQL\n\n");
		md.append(String.format(Locale.ROOT,
				"Raw HikariCP, then connmgmt's default stack, each through the same scenario on the same server. "
						+ "Outage and rotation: open loop at %d requests/s (a primary-key lookup each) on %d worker "
						+ "threads started beforehand, pool of %d; latencies from each request's scheduled start, "
						+ "recorded in HdrHistogram. One connection's login (TCP + SCRAM, driver alone): median %.1f "
						+ "ms.%n%n",
				s.rate(), s.workers(), s.poolSize(), this.results.loginMillis()));
		List<DatabaseDownScenario.Result> outage = this.results.outage();
		md.append(String.format(Locale.ROOT,
				"### Database down for %d s (`pg_ctl stop -m fast`, then start), connection-timeout %d ms, connect "
						+ "timeout %d ms%n%n",
				s.outage().toSeconds(), s.connectionTimeout().toMillis(), s.connectTimeout().toMillis()));
		md.append("The connect timeout is the driver's `connectTimeout` and `loginTimeout` (connmgmt: ");
		md.append("`timeouts.connect`); the connection-timeout is long so that a caller who waits it out while the ");
		md.append("database refuses connections stands out from one who fails with the connect attempt. A refused ");
		md.append("call's latency splits into the wait for a worker thread and the call itself.\n\n");
		table(md, outage, DatabaseDownScenario.Result::stack, List.of(
				row("steady p99 (ms)", (r) -> ms(r.steady().p99())),
				row("database refusing connections (s)", (r) -> number(r.downSeconds())),
				row("requests scheduled while down", (r) -> Integer.toString(r.outageRequests())),
				row("… their latency p50 / p99 / max (ms)", (r) -> ms(r.outageLatencies().p50()) + " / "
						+ ms(r.outageLatencies().p99()) + " / " + ms(r.outageLatencies().max())),
				row("… failed", (r) -> Integer.toString(r.failed())),
				row("… refused by the open breaker", (r) -> Integer.toString(r.rejectedByBreaker())),
				row("… waited out the connection timeout", (r) -> Integer.toString(r.acquireTimeouts())),
				row("… query failed on a dead connection", (r) -> Integer.toString(r.queryFailures())),
				row("time to first error (ms)", (r) -> ms(r.firstErrorMillis())),
				row("time to the breaker's first refusal (ms)", (r) -> ms(r.firstRejectionMillis())),
				row("failed calls p50 / p99 / max (ms)", (r) -> ms(r.failedLatencies().p50()) + " / "
						+ ms(r.failedLatencies().p99()) + " / " + ms(r.failedLatencies().max())),
				row("refused by the breaker p50 / p99 / max (ms)", (r) -> ms(r.rejectedLatencies().p50()) + " / "
						+ ms(r.rejectedLatencies().p99()) + " / " + ms(r.rejectedLatencies().max())),
				row("… of which the wait for a worker (ms)", (r) -> ms(r.rejectedHandoff().p50()) + " / "
						+ ms(r.rejectedHandoff().p99()) + " / " + ms(r.rejectedHandoff().max())),
				row("… and the call itself (ms)", (r) -> ms(r.rejectedInCall().p50()) + " / "
						+ ms(r.rejectedInCall().p99()) + " / " + ms(r.rejectedInCall().max())),
				row("first success after restart (ms)", (r) -> ms(r.firstSuccessAfterUpMillis())),
				row("time to recover: last failure after restart (ms)", (r) -> ms(r.lastFailureAfterUpMillis())),
				row("p99 in the second half of the recovery period (ms)", (r) -> ms(r.recovered().p99()))));
		md.append("\n### Credential rotation under load\n\n");
		md.append("A new role replaces the pool's; once no session of the old role is left (or when its lease ends, ");
		md.append(RotationScenario.RETIRE_DEADLINE.toSeconds()).append(" s after the rotation) the old role is ");
		md.append("dropped, its sessions terminated. connmgmt reads the new role from its mounted secret ");
		md.append("(`credentials.source=file`, swapped like the kubelet does); raw HikariCP gets ");
		md.append("`HikariConfigMXBean#setCredentials` and `softEvictConnections()`, the most it can do (Spring Boot's ");
		md.append("default cannot rotate without a restart). Besides the open loop, ").append(s.rotationThreads());
		md.append(" closed-loop threads (each issuing its next lookup when the last completes) contend for the pool of ");
		md.append(s.poolSize()).append(" throughout.\n\n");
		table(md, this.results.rotation(), RotationScenario.Result::stack, List.of(
				row("open loop: steady p99 / worst (ms)",
						(r) -> ms(r.openLoop().steady().p99()) + " / " + ms(r.openLoop().steady().max())),
				row("… requests from the rotation on / failed", (r) -> r.openLoop().requests() + " / " + r.openLoop().failed()),
				row("… worst while rotating, until the old role's sessions were gone (ms)",
						(r) -> ms(r.openLoop().whileRotating().max())),
				row("… p99 / worst from the rotation on (ms)", (r) -> ms(r.openLoop().rotating().p99()) + " / "
						+ ms(r.openLoop().worstMillis())),
				row("… worst scheduled this long after the rotation began (ms)", (r) -> ms(r.openLoop().worstAtMillis())),
				row(s.rotationThreads() + " threads: steady p99 / worst (ms)",
						(r) -> ms(r.closedLoop().steady().p99()) + " / " + ms(r.closedLoop().steady().max())),
				row("… requests from the rotation on / failed",
						(r) -> r.closedLoop().requests() + " / " + r.closedLoop().failed()),
				row("… worst while rotating, until the old role's sessions were gone (ms)",
						(r) -> ms(r.closedLoop().whileRotating().max())),
				row("… p99 / worst from the rotation on (ms)", (r) -> ms(r.closedLoop().rotating().p99()) + " / "
						+ ms(r.closedLoop().worstMillis())),
				row("… worst started this long after the rotation began (ms)", (r) -> ms(r.closedLoop().worstAtMillis())),
				row("one login (ms)", (r) -> ms(this.results.loginMillis())),
				row("old role's sessions gone after (ms)", (r) -> ms(r.oldSessionsGoneMillis())),
				row("old role's sessions terminated when its lease ended", (r) -> Integer.toString(r.lingeringSessions())),
				row("new role's sessions at the end", (r) -> Integer.toString(r.newRoleSessions()))));
		md.append(String.format(Locale.ROOT,
				"%n### Spike: 0 → %d client threads, new connections %d ms slower%n%n", s.spikeThreads(),
				ConnectDelayDriver.DELAY_MILLIS));
		md.append(String.format(Locale.ROOT,
				"Pool of at most %d holding 1 idle connection; all threads start at once, each issuing a request "
						+ "every %d ms for %d s (open loop per thread): borrow, primary-key lookup, %d ms of work holding "
						+ "the connection, return; the delay is added to each connect by a driver wrapper.%n%n",
				s.spikePoolSize(), s.spikeInterval().toMillis(), s.spike().toSeconds(), s.spikeHold().toMillis()));
		table(md, this.results.spike(), SpikeScenario.Result::stack, List.of(
				row("connections before → after", (r) -> r.poolBefore() + " → " + r.poolAfter()),
				row("connections created", (r) -> Integer.toString(r.connectionsCreated())),
				row("failed requests", (r) -> Integer.toString(r.failed())),
				row("acquire wait p50 / p99 / max (ms)", (r) -> ms(r.acquireWait().p50()) + " / "
						+ ms(r.acquireWait().p99()) + " / " + ms(r.acquireWait().max())),
				row("request latency p99 (ms)", (r) -> ms(r.latency().p99()))));
		return md.toString();
	}

	@Override
	public Object json() {
		HarnessSettings s = this.results.settings();
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("ratePerSecond", s.rate());
		settings.put("poolSize", s.poolSize());
		settings.put("connectionTimeoutMillis", s.connectionTimeout().toMillis());
		settings.put("connectTimeoutMillis", s.connectTimeout().toMillis());
		settings.put("workerThreads", s.workers());
		settings.put("rotationThreads", s.rotationThreads());
		settings.put("rotationLeaseSeconds", RotationScenario.RETIRE_DEADLINE.toSeconds());
		settings.put("outageSeconds", s.outage().toSeconds());
		settings.put("spikeThreads", s.spikeThreads());
		settings.put("spikeIntervalMillis", s.spikeInterval().toMillis());
		settings.put("spikeHoldMillis", s.spikeHold().toMillis());
		settings.put("spikeConnectDelayMillis", ConnectDelayDriver.DELAY_MILLIS);
		settings.put("spikePoolSize", s.spikePoolSize());
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("settings", settings);
		json.put("units", "ms");
		json.put("loginMillis", this.results.loginMillis());
		json.put("databaseDown", this.results.outage());
		json.put("credentialRotation", this.results.rotation());
		json.put("spike", this.results.spike());
		return json;
	}

	@Override
	public List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		DatabaseDownScenario.Result rawDown = find(this.results.outage(), DatabaseDownScenario.Result::stack, HarnessStack.RAW_HIKARICP);
		DatabaseDownScenario.Result down = find(this.results.outage(), DatabaseDownScenario.Result::stack, HarnessStack.CONNMGMT_DEFAULT);
		String goal = "breaker-open rejection p99 ≤ 1 ms while raw HikariCP waits its connection-timeout";
		String scope = "harness, database down, open loop, from scheduled start";
		String raw = String.format(Locale.ROOT,
				"; waiting for a worker: %s ms, in the call: %s ms (raw HikariCP failed calls p99: %s ms, "
						+ "connection-timeout %d ms)",
				ms(down.rejectedHandoff().p99()), ms(down.rejectedInCall().p99()), ms(rawDown.failedLatencies().p99()),
				this.results.settings().connectionTimeout().toMillis());
		if (down.rejectedByBreaker() == 0) {
			targets.add(new Target(goal, scope, "no call refused" + raw, false, "missed: the breaker never refused a call"));
		}
		else {
			Target rejected = Target.valueAtMost(goal, scope, down.rejectedLatencies().p99(), 1, "ms");
			targets.add(new Target(goal, scope, rejected.measured() + raw, rejected.met(), rejected.verdict()));
		}
		targets.add(firstFailure(rawDown, down));
		Target recovered = Target.valueAtMost("first success after the database returns no later than raw HikariCP's",
				"harness, database down, same run", down.firstSuccessAfterUpMillis(), rawDown.firstSuccessAfterUpMillis(),
				"ms");
		targets.add(new Target(recovered.goal(), recovered.scope(), recovered.measured() + " (raw HikariCP: "
				+ ms(rawDown.firstSuccessAfterUpMillis()) + " ms)", recovered.met(), recovered.verdict()));
		RotationScenario.Result rotation = find(this.results.rotation(), RotationScenario.Result::stack, HarnessStack.CONNMGMT_DEFAULT);
		String rotating = "harness, connmgmt file credentials";
		targets.add(Target.valueAtMost("0 failed requests during rotation", rotating + ", both loads", rotation.failed(),
				0, "requests"));
		RotationScenario.Load contended = rotation.closedLoop();
		String window = ", from the swap until the old role's sessions were gone";
		targets.add(Target.valueAtMost("rotation worst latency ≤ steady p99 + one login",
				rotating + ", " + this.results.settings().rotationThreads() + " threads on a pool of "
						+ this.results.settings().poolSize() + window,
				contended.whileRotating().max(), contended.steady().p99() + this.results.loginMillis(), "ms"));
		targets.add(Target.valueAtMost("rotation worst latency ≤ steady p99 + one login", rotating + ", open loop" + window,
				rotation.openLoop().whileRotating().max(), rotation.openLoop().steady().p99() + this.results.loginMillis(),
				"ms"));
		Target gone = Target.valueAtMost("the old role's sessions all gone before its lease ends", rotating,
				rotation.lingeringSessions(), 0, "sessions left");
		targets.add(new Target(gone.goal(), gone.scope(), gone.measured() + " (gone after "
				+ ms(rotation.oldSessionsGoneMillis()) + " ms of " + RotationScenario.RETIRE_DEADLINE.toSeconds() + " s)",
				gone.met(), gone.verdict()));
		SpikeScenario.Result rawSpike = find(this.results.spike(), SpikeScenario.Result::stack, HarnessStack.RAW_HIKARICP);
		SpikeScenario.Result spike = find(this.results.spike(), SpikeScenario.Result::stack, HarnessStack.CONNMGMT_DEFAULT);
		Target created = Target.valueAtMost("spike: connections created no more than raw HikariCP", "harness, spike",
				spike.connectionsCreated(), rawSpike.connectionsCreated(), "connections");
		targets.add(new Target(created.goal(), created.scope(),
				created.measured() + " (raw HikariCP: " + rawSpike.connectionsCreated() + ")", created.met(), created.verdict()));
		Target waited = Target.atMost("spike: acquire-wait p99 no worse than raw HikariCP (≤ 1.00×)", "harness, spike",
				spike.acquireWait().p99() / rawSpike.acquireWait().p99(), 1.0);
		targets.add(new Target(waited.goal(), waited.scope(), waited.measured() + " (" + ms(spike.acquireWait().p99())
				+ " ms vs " + ms(rawSpike.acquireWait().p99()) + " ms)", waited.met(), waited.verdict()));
		return targets;
	}

	/**
	 * No caller waits longer than a connect attempt and one login while the database
	 * refuses connections, whether the breaker is open yet or not.
	 */
	private Target firstFailure(DatabaseDownScenario.Result raw, DatabaseDownScenario.Result connmgmt) {
		HarnessSettings s = this.results.settings();
		double limit = s.connectTimeout().toMillis() + this.results.loginMillis();
		Target worst = Target.valueAtMost("database refusing connections: worst wait ≤ connect timeout + one login",
				String.format(Locale.ROOT, "harness, database down, from scheduled start; connect timeout %d ms, "
						+ "connection-timeout %d ms", s.connectTimeout().toMillis(), s.connectionTimeout().toMillis()),
				connmgmt.outageLatencies().max(), limit, "ms");
		return new Target(worst.goal(), worst.scope(), worst.measured() + " ≤ " + ms(s.connectTimeout().toMillis())
				+ " + " + ms(this.results.loginMillis()) + " ms (raw HikariCP: " + ms(raw.outageLatencies().max()) + " ms)",
				worst.met(), worst.verdict());
	}

	private static <R> R find(List<R> results, Function<R, String> stack, HarnessStack wanted) {
		return results.stream().filter((r) -> stack.apply(r).equals(wanted.name())).findFirst().orElseThrow();
	}

	private static <R> void table(StringBuilder md, List<R> results, Function<R, String> stack, List<Row<R>> rows) {
		md.append("| |");
		results.forEach((r) -> md.append(' ').append(stack.apply(r)).append(" |"));
		md.append("\n|---|");
		results.forEach((r) -> md.append("---|"));
		md.append('\n');
		for (Row<R> row : rows) {
			md.append("| ").append(row.label()).append(" |");
			results.forEach((r) -> md.append(' ').append(row.value().apply(r)).append(" |"));
			md.append('\n');
		}
	}

	private static <R> Row<R> row(String label, Function<R, String> value) {
		return new Row<>(label, value);
	}

	private static String ms(double millis) {
		if (Double.isNaN(millis)) {
			return "–";
		}
		return (millis >= 100) ? String.format(Locale.ROOT, "%.0f", millis)
				: (millis >= 1) ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%.3f", millis);
	}

	private static String number(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	private record Row<R>(String label, Function<R, String> value) {
	}

}
