package dev.connmgmt.test.postgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Writes the {@code pg_hba.conf} of a data directory: every TCP login needs a scram-sha-256
 * password, nothing is trusted. On a server with TLS, password logins are {@code hostssl};
 * plain TCP is either accepted with a password too or rejected ({@link #requireTls}); roles
 * named by {@link #requireClientCertificate} log in by a client certificate whose common name
 * is the role, and by nothing else.
 */
final class HostBasedAuthentication {

	private static final List<String> LOOPBACK = List.of("127.0.0.1/32", "::1/128");

	private final boolean tls;

	private volatile boolean tlsRequired;

	private final List<String> certificateLogins = new CopyOnWriteArrayList<>();

	HostBasedAuthentication(boolean tls, boolean tlsRequired) {
		this.tls = tls;
		this.tlsRequired = tlsRequired;
	}

	static void requirePasswords(File dataDirectory) {
		new HostBasedAuthentication(false, false).write(dataDirectory.toPath());
	}

	void requireTls(boolean required) {
		this.tlsRequired = required;
	}

	void requireClientCertificate(String database, String role) {
		this.certificateLogins.add(quoted(database) + "   " + quoted(role));
	}

	String rules() {
		StringBuilder rules = new StringBuilder("# connmgmt-test: passwords required on every TCP connection\n");
		rules.append("local       all   all   scram-sha-256\n");
		for (String login : this.certificateLogins) {
			LOOPBACK.forEach((address) -> rules.append("hostssl     ").append(login).append("   ").append(address)
				.append("   cert\n"));
		}
		if (this.tls) {
			LOOPBACK.forEach((address) -> rules.append("hostssl     all   all   ").append(address).append("   scram-sha-256\n"));
			String plain = this.tlsRequired ? "reject" : "scram-sha-256";
			LOOPBACK.forEach((address) -> rules.append("hostnossl   all   all   ").append(address).append("   ").append(plain)
				.append('\n'));
		}
		else {
			LOOPBACK.forEach((address) -> rules.append("host        all   all   ").append(address).append("   scram-sha-256\n"));
		}
		return rules.toString();
	}

	void write(Path dataDirectory) {
		Path file = dataDirectory.resolve("pg_hba.conf");
		try {
			Files.writeString(file, rules(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	private static String quoted(String name) {
		if (name.indexOf('"') >= 0 || name.indexOf('\n') >= 0) {
			throw new IllegalArgumentException("Not usable in pg_hba.conf: " + name);
		}
		return '"' + name + '"';
	}

}
