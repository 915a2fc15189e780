package dev.connmgmt.internal.tls;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Where the factory looks for the CA certificates when {@code sslrootcert} is not set, as
 * PgJDBC's own {@code LibPQFactory} does.
 */
class ClientCertificateSocketFactoryTests {

	@Test
	void windowsWithoutAppDataFailsTheConnectAskingForSslRootCert() {
		assertThatExceptionOfType(PSQLException.class)
			.isThrownBy(() -> ClientCertificateSocketFactory.defaultRootCert("Windows Server 2022", null, "C:\\Users\\app"))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(PSQLState.CONNECTION_FAILURE.getState()))
			.withMessageContaining("sslrootcert");
	}

	@Test
	void windowsLooksUnderAppData() throws PSQLException {
		assertThat(ClientCertificateSocketFactory.defaultRootCert("Windows 11", "appdata", "home"))
			.isEqualTo(Path.of("appdata", "postgresql", "root.crt"));
	}

	@Test
	void otherSystemsLookUnderTheHomeDirectory() throws PSQLException {
		assertThat(ClientCertificateSocketFactory.defaultRootCert("Linux", null, "home"))
			.isEqualTo(Path.of("home", ".postgresql", "root.crt"));
	}

}
