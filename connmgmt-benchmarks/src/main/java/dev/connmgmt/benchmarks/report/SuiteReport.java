package dev.connmgmt.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The report of one run of the suite: the machine, every target with its verdict, then
 * each section's measurements; written as {@code report.md} and {@code report.json}.
 *
 * @param mode the suite's mode
 * @param started when the run started
 * @param duration how long it took
 * @param machine the machine, sampled at the start
 * @param versions the Spring Boot line and the versions measured
 * @param loadAverageAtEnd the one-minute load average at the end
 * @param sections the measurements
 */
public record SuiteReport(String mode, Instant started, Duration duration, Machine machine, Versions versions,
		double loadAverageAtEnd, List<Section> sections) {

	/**
	 * Return every target of every section.
	 * @return the targets
	 */
	public List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		this.sections.forEach((section) -> targets.addAll(section.targets()));
		return targets;
	}

	/**
	 * Return the report in markdown.
	 * @return the markdown
	 */
	public String markdown() {
		StringBuilder md = new StringBuilder("# connmgmt benchmarks, Spring Boot " + this.versions.line() + "\n\n");
		md.append("Measured: ").append(this.versions.describe()).append(".\n\n");
		md.append("Machine: ").append(this.machine.describe()).append(".\n\n");
		md.append(String.format(Locale.ROOT,
				"Run: mode `%s`, started %s, took %d min %02d s; one-minute load average %.2f at the start, %.2f at "
						+ "the end. The cores are shared with other work, so absolute times are noisy: the ratios, "
						+ "measured in the same run, are what the targets judge.%n%n",
				this.mode, this.started, this.duration.toMinutes(), this.duration.toSecondsPart(),
				this.machine.loadAverage(), this.loadAverageAtEnd));
		md.append("## Targets\n\n| target | where | measured | verdict |\n|---|---|---|---|\n");
		for (Target target : targets()) {
			md.append("| ")
				.append(target.goal())
				.append(" | ")
				.append(target.scope())
				.append(" | ")
				.append(target.measured())
				.append(" | ")
				.append(target.met() ? "met" : "**" + target.verdict() + "**")
				.append(" |\n");
		}
		for (Section section : this.sections) {
			md.append('\n').append(section.markdown());
		}
		return md.toString();
	}

	/**
	 * Return the report's data for JSON.
	 * @return nested maps
	 */
	public Map<String, Object> json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("springBootLine", this.versions.line());
		json.put("versions", this.versions);
		json.put("machine", this.machine);
		Map<String, Object> run = new LinkedHashMap<>();
		run.put("mode", this.mode);
		run.put("started", this.started.toString());
		run.put("durationSeconds", this.duration.toSeconds());
		run.put("loadAverageAtStart", this.machine.loadAverage());
		run.put("loadAverageAtEnd", this.loadAverageAtEnd);
		json.put("run", run);
		json.put("targets", targets());
		for (Section section : this.sections) {
			json.put(section.key(), section.json());
		}
		return json;
	}

	/**
	 * Write {@code report.md} and {@code report.json}.
	 * @param directory where
	 * @throws IOException when they cannot be written
	 */
	public void writeTo(Path directory) throws IOException {
		Files.createDirectories(directory);
		Files.writeString(directory.resolve("report.md"), markdown());
		new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
			.writeValue(directory.resolve("report.json").toFile(), json());
	}

}
