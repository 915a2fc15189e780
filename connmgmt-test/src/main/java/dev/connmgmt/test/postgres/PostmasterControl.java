package dev.connmgmt.test.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops, restarts, freezes and thaws a running PostgreSQL server by its data directory, the
 * way an operator or a failing host would: {@code pg_ctl} for stop and start, SIGSTOP and
 * SIGCONT for a hung server. Linux only (it reads {@code /proc}); as root the server's tools
 * run in a user namespace, as the embedded server itself does.
 */
final class PostmasterControl {

	private final Path dataDirectory;

	private Path binDirectory;

	private List<String> serverOptions;

	PostmasterControl(Path dataDirectory) {
		this.dataDirectory = dataDirectory;
	}

	void stop() {
		rememberServer();
		run(command(this.binDirectory.resolve("pg_ctl").toString(), "stop", "-m", "fast", "-w", "-D",
				this.dataDirectory.toString()));
	}

	void start() {
		if (this.binDirectory == null) {
			throw new IllegalStateException("The server was never stopped through this control");
		}
		run(command(this.binDirectory.resolve("pg_ctl").toString(), "start", "-w", "-D", this.dataDirectory.toString(),
				"-o", String.join(" ", this.serverOptions)));
	}

	void freeze() {
		signal("-STOP");
	}

	void thaw() {
		signal("-CONT");
	}

	private void signal(String signal) {
		long postmaster = postmasterPid();
		List<String> command = new ArrayList<>(List.of("kill", signal, Long.toString(postmaster)));
		ProcessHandle.of(postmaster)
			.ifPresent((handle) -> handle.descendants().forEach((child) -> command.add(Long.toString(child.pid()))));
		run(command);
	}

	private void rememberServer() {
		long pid = postmasterPid();
		try {
			this.binDirectory = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).getParent();
			String[] arguments = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
					StandardCharsets.UTF_8)
				.split("\0");
			List<String> options = new ArrayList<>();
			List<String> rest = Arrays.asList(arguments).subList(1, arguments.length);
			for (int i = 0; i < rest.size(); i++) {
				if ("-D".equals(rest.get(i))) {
					i++;
					continue;
				}
				options.add(rest.get(i));
			}
			this.serverOptions = options;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the postmaster's command line", ex);
		}
	}

	private long postmasterPid() {
		try {
			return Long.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).trim());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The server in " + this.dataDirectory + " is not running", ex);
		}
	}

	private static List<String> command(String... arguments) {
		List<String> command = new ArrayList<>();
		if (isRoot()) {
			command.addAll(List.of("unshare", "-U"));
		}
		command.addAll(List.of(arguments));
		return command;
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("Command failed: " + command);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
	}

}
