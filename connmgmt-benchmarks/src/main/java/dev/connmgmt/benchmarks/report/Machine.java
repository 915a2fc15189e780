package dev.connmgmt.benchmarks.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a run measured on, and how busy it was.
 *
 * @param cores available processors
 * @param os operating system name, version and architecture
 * @param cpu the processor model, when the system tells it
 * @param jvm the JVM's version, vendor and name
 * @param loadAverage the one-minute load average when sampled
 */
public record Machine(int cores, String os, String cpu, String jvm, double loadAverage) {

	/**
	 * Describe this machine now.
	 * @return the description
	 */
	public static Machine current() {
		return new Machine(Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"),
				cpuModel(),
				"Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
						+ System.getProperty("java.vendor") + ")",
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).strip())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	String describe() {
		return String.format(Locale.ROOT, "%d cores (%s), %s, %s", this.cores, this.cpu, this.os, this.jvm);
	}

}
