package dev.connmgmt.test.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.connmgmt.test.tls.IssuedCertificate;
import dev.connmgmt.test.tls.TestCertificateAuthority;

/**
 * The TLS side of an {@link EmbeddedPostgresServer} started with
 * {@link EmbeddedPostgresServer.Builder#tls(TestCertificateAuthority)}: the certificate
 * authority that signed the server's certificate (subject alternative names
 * {@code localhost}, {@code 127.0.0.1}, {@code ::1}), the trust file clients verify it with,
 * and changes to {@code pg_hba.conf} and to the server's trusted client certificate
 * authorities ({@code ssl_ca_file}), each applied by a configuration reload before the
 * method returns.
 *
 * @since 0.1.0
 */
public final class ServerTls {

	static final String SERVER_CERTIFICATE = "server.crt";

	static final String SERVER_KEY = "server.key";

	static final String CLIENT_CA = "client-ca.crt";

	static final String ROOT_CERTIFICATE = "root.crt";

	private final TestCertificateAuthority authority;

	private final Path dataDirectory;

	private final HostBasedAuthentication hostBasedAuthentication;

	private EmbeddedPostgresServer server;

	ServerTls(TestCertificateAuthority authority, Path dataDirectory, HostBasedAuthentication hostBasedAuthentication) {
		this.authority = authority;
		this.dataDirectory = dataDirectory;
		this.hostBasedAuthentication = hostBasedAuthentication;
	}

	void attach(EmbeddedPostgresServer server) {
		this.server = server;
	}

	void writeServerFiles() {
		IssuedCertificate serverCertificate = this.authority.issueServerCertificate("localhost", "localhost",
				"127.0.0.1", "::1");
		serverCertificate.writeCertificate(this.dataDirectory.resolve(SERVER_CERTIFICATE));
		serverCertificate.writePrivateKeyPem(this.dataDirectory.resolve(SERVER_KEY));
		this.authority.writeCertificate(this.dataDirectory.resolve(CLIENT_CA));
		this.authority.writeCertificate(this.dataDirectory.resolve(ROOT_CERTIFICATE));
		this.hostBasedAuthentication.write(this.dataDirectory);
	}

	/**
	 * Return the authority that signed the server's certificate; its client certificates are
	 * trusted by the server until {@link #trustClientCertificateAuthorities} replaces it.
	 * @return the authority
	 */
	public TestCertificateAuthority certificateAuthority() {
		return this.authority;
	}

	/**
	 * Return a PEM file holding the certificate authority that signed the server's
	 * certificate: a client's {@code sslrootcert}.
	 * @return the file
	 */
	public Path rootCertificateFile() {
		return this.dataDirectory.resolve(ROOT_CERTIFICATE);
	}

	/**
	 * Return the JDBC URL parameters that make PgJDBC verify the server fully: its
	 * certificate chain against {@link #rootCertificateFile()} and its host name.
	 * @return {@code sslmode=verify-full&sslrootcert=<file>}
	 */
	public String verifyFullParameters() {
		return "sslmode=verify-full&sslrootcert=" + rootCertificateFile();
	}

	/**
	 * Issue a client certificate for a role, signed by {@link #certificateAuthority()}.
	 * @param role the role name (the certificate's common name)
	 * @return the certificate and its key
	 */
	public IssuedCertificate issueClientCertificate(String role) {
		return this.authority.issueClientCertificate(role);
	}

	/**
	 * Reject (or accept again) TCP logins without TLS: {@code hostnossl ... reject}.
	 * @param required whether TLS is required
	 */
	public void requireTls(boolean required) {
		this.hostBasedAuthentication.requireTls(required);
		this.hostBasedAuthentication.write(this.dataDirectory);
		this.server.reloadConfiguration();
	}

	/**
	 * Make a role log in to a database by client certificate only ({@code hostssl <database>
	 * <role> ... cert}): the certificate must chain to a trusted client certificate authority
	 * and its common name must be the role.
	 * @param database the database, or {@code all}
	 * @param role the role
	 */
	public void requireClientCertificate(String database, String role) {
		this.hostBasedAuthentication.requireClientCertificate(database, role);
		this.hostBasedAuthentication.write(this.dataDirectory);
		this.server.reloadConfiguration();
	}

	/**
	 * Replace the certificate authorities the server trusts for client certificates, such as
	 * with the CA of the Vault dev server's PKI engine.
	 * @param certificatePems one or more PEM certificates
	 */
	public void trustClientCertificateAuthorities(String... certificatePems) {
		writeClientAuthorities(String.join("\n", certificatePems), false);
	}

	/**
	 * Trust one more certificate authority for client certificates, beside those trusted
	 * already.
	 * @param certificatePem a PEM certificate
	 */
	public void alsoTrustClientCertificateAuthority(String certificatePem) {
		writeClientAuthorities(certificatePem, true);
	}

	/**
	 * Return the PEM text of the client certificate authorities the server trusts.
	 * @return the content of {@code ssl_ca_file}
	 */
	public String trustedClientCertificateAuthorities() {
		try {
			return Files.readString(this.dataDirectory.resolve(CLIENT_CA), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the trusted client certificate authorities", ex);
		}
	}

	private void writeClientAuthorities(String pem, boolean append) {
		Path file = this.dataDirectory.resolve(CLIENT_CA);
		String text = pem.endsWith("\n") ? pem : pem + "\n";
		try {
			if (append) {
				Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
			}
			else {
				Files.writeString(file, text, StandardCharsets.US_ASCII);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
		this.server.reloadConfiguration();
	}

	@Override
	public String toString() {
		return "ServerTls[" + this.authority + "]";
	}

}
