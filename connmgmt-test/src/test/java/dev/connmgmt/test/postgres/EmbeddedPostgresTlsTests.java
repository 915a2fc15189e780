package dev.connmgmt.test.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import dev.connmgmt.test.tls.IssuedCertificate;
import dev.connmgmt.test.tls.IssuedCertificate.ClientCertificateFiles;
import dev.connmgmt.test.tls.TestCertificateAuthority;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EmbeddedPostgresTlsTests {

	private static EmbeddedPostgresServer server;

	private static TestDatabase database;

	@TempDir
	Path files;

	@BeforeAll
	static void startServerWithTlsRequired() {
		server = EmbeddedPostgresServer.builder().requireTls().start();
		database = server.createDatabaseWithOwner("tls");
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void verifiedTlsSessionShowsInPgStatSsl() throws SQLException {
		try (Connection connection = connect(database.jdbcUrl() + "?" + server.tls().verifyFullParameters(),
				database.owner().name(), database.owner().password())) {
			assertThat(sessionTls(connection)).startsWith("true TLSv1.");
		}
	}

	@Test
	void plainTcpIsRejectedWhileTlsIsRequiredAndAcceptedOnceItIsNot() throws SQLException {
		String plain = database.jdbcUrl() + "?sslmode=disable";
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> connect(plain, database.owner().name(), database.owner().password()))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28000"))
			.withMessageContaining("no encryption");
		server.tls().requireTls(false);
		try (Connection connection = connect(plain, database.owner().name(), database.owner().password())) {
			assertThat(sessionTls(connection)).startsWith("false");
		}
		finally {
			server.tls().requireTls(true);
		}
	}

	@Test
	void hostnameVerificationUsesTheSubjectAlternativeNames() throws SQLException {
		String byAddress = "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + database.name() + "?"
				+ server.tls().verifyFullParameters();
		try (Connection connection = connect(byAddress, database.owner().name(), database.owner().password())) {
			assertThat(sessionTls(connection)).startsWith("true");
		}
	}

	@Test
	void serverCertificateFromAnotherAuthorityFailsVerification() {
		Path otherRoot = TestCertificateAuthority.create("other CA").writeCertificate(this.files.resolve("other.crt"));
		String url = database.jdbcUrl() + "?sslmode=verify-full&sslrootcert=" + otherRoot;
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> connect(url, database.owner().name(), database.owner().password()));
	}

	@Test
	void keyFilesAreReadableByTheirOwnerOnly() throws Exception {
		IssuedCertificate certificate = server.tls().issueClientCertificate("anyone");
		ClientCertificateFiles written = certificate.writeForPgJdbc(this.files);
		Path pem = certificate.writePrivateKeyPem(this.files.resolve("anyone.key"));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.privateKey())))
			.isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pem))).isEqualTo("rw-------");
		assertThat(certificate.toString()).doesNotContain(certificate.privateKeyPem().lines().skip(1).findFirst().get());
	}

	@Test
	void roleLogsInByClientCertificateOnly() throws SQLException {
		TestDatabase owned = server.createDatabaseWithOwner("cert");
		String role = owned.owner().name();
		server.tls().requireClientCertificate(owned.name(), role);
		ClientCertificateFiles files = server.tls().issueClientCertificate(role).writeForPgJdbc(this.files);
		String url = owned.jdbcUrl() + "?" + server.tls().verifyFullParameters() + "&" + files.jdbcParameters();
		try (Connection connection = connect(url, role, null)) {
			assertThat(sessionTls(connection)).startsWith("true");
		}
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(
				owned.jdbcUrl() + "?" + server.tls().verifyFullParameters(), role, owned.owner().password()));
		ClientCertificateFiles someoneElse = server.tls().issueClientCertificate("someone-else")
			.writeForPgJdbc(this.files);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(
				owned.jdbcUrl() + "?" + server.tls().verifyFullParameters() + "&" + someoneElse.jdbcParameters(), role,
				null));
	}

	@Test
	void trustedClientAuthoritiesCanBeReplacedAndExtendedAtRunTime() throws SQLException, IOException {
		TestDatabase owned = server.createDatabaseWithOwner("ca");
		String role = owned.owner().name();
		server.tls().requireClientCertificate(owned.name(), role);
		TestCertificateAuthority elsewhere = TestCertificateAuthority.create("elsewhere CA");
		Path fromTestCa = this.files.resolve("test-ca");
		Path fromElsewhere = this.files.resolve("elsewhere");
		String viaTestCa = certificateUrl(owned, server.tls().issueClientCertificate(role), fromTestCa);
		String viaElsewhere = certificateUrl(owned, elsewhere.issueClientCertificate(role), fromElsewhere);
		try {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(viaElsewhere, role, null));
			server.tls().trustClientCertificateAuthorities(elsewhere.certificatePem());
			connect(viaElsewhere, role, null).close();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(viaTestCa, role, null));
			server.tls().alsoTrustClientCertificateAuthority(server.tls().certificateAuthority().certificatePem());
			connect(viaTestCa, role, null).close();
			connect(viaElsewhere, role, null).close();
			assertThat(server.tls().trustedClientCertificateAuthorities()).contains(elsewhere.certificatePem());
		}
		finally {
			server.tls().trustClientCertificateAuthorities(server.tls().certificateAuthority().certificatePem());
		}
	}

	private String certificateUrl(TestDatabase owned, IssuedCertificate certificate, Path directory)
			throws IOException {
		Files.createDirectories(directory);
		return owned.jdbcUrl() + "?" + server.tls().verifyFullParameters() + "&"
				+ certificate.writeForPgJdbc(directory).jdbcParameters();
	}

	private static Connection connect(String url, String user, String password) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		if (password != null) {
			properties.setProperty("password", password);
		}
		return DriverManager.getConnection(url, properties);
	}

	private static String sessionTls(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(
						"SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
			result.next();
			return result.getBoolean(1) + " " + result.getString(2) + " " + result.getString(3);
		}
	}

}
