package dev.connmgmt.benchmarks.harness;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import dev.connmgmt.benchmarks.postgres.BenchmarkDatabase;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestRole;

/**
 * Credentials rotate under load, an open loop and closed-loop threads that outnumber the
 * pool's connections together: a freshly created role replaces the pool's
 * role, then, once no session of the old role is left (or after {@link #RETIRE_DEADLINE}),
 * the old role is dropped, its remaining sessions terminated, as a secret manager revokes
 * old credentials. connmgmt reads the new role from its mounted secret; raw HikariCP is
 * given it through its configuration bean and soft-evicts its connections.
 */
final class RotationScenario {

	/**
	 * How long the old role's lease runs on after the rotation: its sessions should all be
	 * gone before, and are terminated when it ends.
	 */
	static final Duration RETIRE_DEADLINE = Duration.ofSeconds(15);

	private RotationScenario() {
	}

	static Result run(HarnessStack stack, EmbeddedPostgresServer server, BenchmarkDatabase database,
			HarnessSettings settings, Path workDirectory) throws Exception {
		DataSource admin = server.dataSource(database.name(), server.superuser(), server.superuserPassword());
		TestRole old = appRole(server, admin, database);
		PoolSpec spec = new PoolSpec(database.url(), old, settings.poolSize(), Duration.ofSeconds(30));
		if (stack == HarnessStack.CONNMGMT_DEFAULT) {
			spec = spec.withSecret(workDirectory.resolve("secret-" + old.name()));
		}
		HarnessStack.Pool pool = stack.open(spec);
		try {
			OpenLoop load = OpenLoop.start("rotation-" + stack, settings.rate(), settings.workers(),
					() -> Requests.lookUp(pool.dataSource()));
			ClosedLoop contention = ClosedLoop.start("rotation-" + stack, settings.rotationThreads(),
					() -> Requests.lookUp(pool.dataSource()));
			Requests.sleep(settings.warmup());
			long steadyFrom = System.nanoTime();
			Requests.sleep(settings.steady());
			TestRole next = appRole(server, admin, database);
			long rotateAt = System.nanoTime();
			stack.rotate(pool, spec, next);
			long deadline = rotateAt + RETIRE_DEADLINE.toNanos();
			// one session watches for the old role's, so that the watching adds no logins of its own to
			// the machine while the slower stack is still rotating
			try (Connection watch = admin.getConnection()) {
				while (sessionsOf(watch, old) > 0 && System.nanoTime() - deadline < 0) {
					Thread.sleep(20);
				}
			}
			long retiredAt = System.nanoTime();
			int lingering = server.terminateBackendsOf(old.name());
			execute(admin, "DROP OWNED BY " + old.name());
			server.dropRole(old.name());
			Requests.sleep(settings.afterRotation());
			List<Outcome> closed = contention.stop();
			List<Outcome> outcomes = load.stop(Duration.ofSeconds(60));
			return new Result(stack.name(), Load.of(outcomes, steadyFrom, rotateAt, retiredAt),
					Load.of(closed, steadyFrom, rotateAt, retiredAt),
					Requests.millisBetween(rotateAt, retiredAt), lingering, server.backendsOf(next.name()).size());
		}
		finally {
			pool.close().close();
		}
	}

	private static TestRole appRole(EmbeddedPostgresServer server, DataSource admin, BenchmarkDatabase database)
			throws SQLException {
		TestRole role = server.createRole("rotated");
		execute(admin, "GRANT CONNECT ON DATABASE " + database.name() + " TO " + role.name());
		execute(admin, "GRANT SELECT ON items TO " + role.name());
		return role;
	}

	private static int sessionsOf(Connection watch, TestRole role) throws SQLException {
		try (PreparedStatement statement = watch.prepareStatement(
				"SELECT count(*) FROM pg_stat_activity WHERE usename = ? AND backend_type = 'client backend'")) {
			statement.setString(1, role.name());
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	private static void execute(DataSource admin, String sql) throws SQLException {
		try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/**
	 * What one stack went through.
	 *
	 * @param stack the stack
	 * @param openLoop the open-loop load
	 * @param closedLoop the closed-loop threads contending for the pool
	 * @param oldSessionsGoneMillis from the rotation until no session of the old role was
	 * left, or the deadline
	 * @param lingeringSessions sessions of the old role still open at the deadline,
	 * terminated when it was dropped
	 * @param newRoleSessions sessions of the new role at the end
	 */
	record Result(String stack, Load openLoop, Load closedLoop, double oldSessionsGoneMillis, int lingeringSessions,
			int newRoleSessions) {

		/**
		 * Return the requests that failed from the rotation on, of both loads.
		 * @return the count
		 */
		int failed() {
			return this.openLoop.failed() + this.closedLoop.failed();
		}

	}

	/**
	 * What one load went through, each request timed from its scheduled start (closed
	 * loop: its start).
	 *
	 * @param steady latencies before the rotation
	 * @param requests requests scheduled from the rotation on
	 * @param failed of those, how many failed
	 * @param rotating latencies of those
	 * @param worstMillis the largest latency of those, until the end of the run: the old
	 * role's drop and the steady state after the rotation included
	 * @param worstAtMillis when the slowest of those was scheduled, from the rotation
	 * @param whileRotating latencies of the requests scheduled while the rotation ran: from
	 * the swap of the credentials until no session of the old role was left
	 */
	record Load(Latencies steady, int requests, int failed, Latencies rotating, double worstMillis,
			double worstAtMillis, Latencies whileRotating) {

		static Load of(List<Outcome> outcomes, long steadyFrom, long rotateAt, long retiredAt) {
			List<Outcome> rotation = outcomes.stream().filter((o) -> o.scheduledNanos() - rotateAt >= 0).toList();
			Outcome worst = rotation.stream().max(Comparator.comparingLong(Outcome::latencyMicros)).orElseThrow();
			return new Load(Outcome.latencies(outcomes, (o) -> o.scheduledIn(steadyFrom, rotateAt)), rotation.size(),
					(int) rotation.stream().filter(Outcome::failed).count(), Outcome.latencies(rotation, (o) -> true),
					worst.latencyMicros() / 1000.0, Requests.millisBetween(rotateAt, worst.scheduledNanos()),
					Outcome.latencies(rotation, (o) -> o.scheduledIn(rotateAt, retiredAt)));
		}

	}

}
