package dev.connmgmt.test.postgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Writes the {@code pg_hba.conf} of a fresh data directory: every TCP login needs a
 * scram-sha-256 password, nothing is trusted.
 */
final class HostBasedAuthentication {

	private static final String RULES = """
			# connmgmt-test: passwords required on every TCP connection
			local   all   all                  scram-sha-256
			host    all   all   127.0.0.1/32   scram-sha-256
			host    all   all   ::1/128        scram-sha-256
			""";

	private HostBasedAuthentication() {
	}

	static void requirePasswords(File dataDirectory) {
		try {
			Files.writeString(new File(dataDirectory, "pg_hba.conf").toPath(), RULES, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write pg_hba.conf in " + dataDirectory, ex);
		}
	}

}
