package dev.connmgmt.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.connmgmt.benchmarks.harness.FaultHarness;
import dev.connmgmt.benchmarks.harness.HarnessSection;
import dev.connmgmt.benchmarks.postgres.BenchmarkDatabase;
import dev.connmgmt.benchmarks.postgres.HotFrames;
import dev.connmgmt.benchmarks.postgres.QuerySection;
import dev.connmgmt.benchmarks.report.Machine;
import dev.connmgmt.benchmarks.report.Section;
import dev.connmgmt.benchmarks.report.SuiteReport;
import dev.connmgmt.benchmarks.report.Versions;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;

/**
 * Runs the benchmark suite in one invocation and writes its report, {@code report.md} and
 * {@code report.json}, to the directory given as first argument:
 * <ol>
 * <li>{@code stub}: JMH borrow/return through every stack and every connmgmt layer alone,
 * at 1 and 2 threads, and a borrow refused by an open breaker;</li>
 * <li>{@code postgres}: JMH queries against an embedded PostgreSQL at 2 and 8 threads,
 * connmgmt's default against Spring Boot's default, a second Spring Boot default (A/A) and
 * raw HikariCP, taking turns in one fork, with confidence intervals of every ratio;</li>
 * <li>{@code harness}: the fault and load harness on the same server: an outage, a
 * credential rotation and a spike.</li>
 * </ol>
 * System property {@code connmgmt.benchmarks.parts} picks parts (comma separated, all by
 * default); {@code connmgmt.benchmarks.mode} is {@code quick} (the reported run) or
 * {@code dev} (one short iteration of everything, to try changes); with
 * {@code connmgmt.benchmarks.jfr=true}, the {@code postgres} part also records connmgmt's
 * default stack in the contended case with Java Flight Recorder and reports its hot frames.
 */
public final class BenchmarkSuite {

	private BenchmarkSuite() {
	}

	public static void main(String[] args) throws Exception {
		Path output = Path.of((args.length > 0) ? args[0] : "target/benchmarks").toAbsolutePath();
		String mode = System.getProperty("connmgmt.benchmarks.mode", "quick");
		Set<String> parts = Set.of(System.getProperty("connmgmt.benchmarks.parts", "stub,postgres,harness").split(","));
		SuiteSettings settings = SuiteSettings.of(mode);
		Instant started = Instant.now();
		long startedNanos = System.nanoTime();
		Machine machine = Machine.current();
		Files.createDirectories(output);
		List<Section> sections = new ArrayList<>();
		if (parts.contains("stub")) {
			sections.add(BorrowReturnSection.run(settings.borrow()));
			sections.add(RejectionSection.run(settings.rejection()));
		}
		if (parts.contains("postgres") || parts.contains("harness")) {
			try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
				BenchmarkDatabase database = BenchmarkDatabase.create(server);
				if (parts.contains("postgres")) {
					Path file = output.resolve("postgres.properties");
					database.writeTo(file);
					try {
						sections.add(QuerySection.run(settings.queries(), file));
						if (Boolean.getBoolean("connmgmt.benchmarks.jfr")) {
							sections.add(HotFrames.record(settings.queries(), file, output.resolve("jfr")));
						}
					}
					finally {
						Files.deleteIfExists(file);
					}
				}
				if (parts.contains("harness")) {
					Path secrets = Files.createTempDirectory("connmgmt-harness-");
					try {
						sections.add(new HarnessSection(FaultHarness.run(server, database, settings.harness(), secrets)));
					}
					finally {
						deleteRecursively(secrets);
					}
				}
			}
		}
		SuiteReport report = new SuiteReport(mode, started, Duration.ofNanos(System.nanoTime() - startedNanos), machine,
				Versions.current(), Machine.current().loadAverage(), sections);
		report.writeTo(output);
		System.out.println(report.markdown());
		System.out.println("Report written to " + output);
	}

	private static void deleteRecursively(Path directory) throws java.io.IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
