package dev.connmgmt.benchmarks.harness;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.connmgmt.benchmarks.postgres.BenchmarkDatabase;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;

/**
 * The fault and load harness: raw HikariCP and connmgmt's default stack, one after the
 * other on the same embedded PostgreSQL, through a database outage, a credential rotation
 * under load and a spike of clients with slow connects.
 */
public final class FaultHarness {

	private static final int LOGIN_SAMPLES = 20;

	private FaultHarness() {
	}

	/**
	 * Run every scenario with both stacks.
	 * @param server a server of the harness's own: it is stopped and restarted
	 * @param database the database on it
	 * @param settings the load and timings
	 * @param workDirectory where mounted secrets are written
	 * @return what each stack went through
	 * @throws Exception when a scenario cannot run
	 */
	public static Results run(EmbeddedPostgresServer server, BenchmarkDatabase database, HarnessSettings settings,
			Path workDirectory) throws Exception {
		double login = loginMillis(database);
		List<DatabaseDownScenario.Result> outage = new ArrayList<>();
		List<RotationScenario.Result> rotation = new ArrayList<>();
		List<SpikeScenario.Result> spike = new ArrayList<>();
		for (HarnessStack stack : HarnessStack.values()) {
			log("database down, " + stack);
			outage.add(DatabaseDownScenario.run(stack, server, database, settings));
		}
		for (HarnessStack stack : HarnessStack.values()) {
			log("credential rotation, " + stack);
			rotation.add(RotationScenario.run(stack, server, database, settings, workDirectory));
		}
		for (HarnessStack stack : HarnessStack.values()) {
			log("spike, " + stack);
			spike.add(SpikeScenario.run(stack, database, settings));
		}
		return new Results(settings, login, outage, rotation, spike);
	}

	/**
	 * The median time to open one connection and log in (SCRAM) with the driver alone.
	 */
	private static double loginMillis(BenchmarkDatabase database) throws SQLException {
		double[] samples = new double[LOGIN_SAMPLES];
		for (int i = 0; i < samples.length; i++) {
			long started = System.nanoTime();
			Connection connection = DriverManager.getConnection(database.url(), database.username(),
					database.password());
			samples[i] = Requests.millisBetween(started, System.nanoTime());
			connection.close();
		}
		Arrays.sort(samples);
		return samples[samples.length / 2];
	}

	private static void log(String scenario) {
		System.out.println("# Harness: " + scenario);
	}

	/**
	 * Everything the harness measured.
	 *
	 * @param settings the load and timings
	 * @param loginMillis the median time to open one connection and log in
	 * @param outage the database-down scenario, per stack
	 * @param rotation the credential rotation, per stack
	 * @param spike the spike, per stack
	 */
	public record Results(HarnessSettings settings, double loginMillis, List<DatabaseDownScenario.Result> outage,
			List<RotationScenario.Result> rotation, List<SpikeScenario.Result> spike) {
	}

}
