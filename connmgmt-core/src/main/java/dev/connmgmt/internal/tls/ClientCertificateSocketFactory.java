package dev.connmgmt.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Properties;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import dev.connmgmt.credentials.ClientCertificate;
import org.postgresql.PGProperty;
import org.postgresql.jdbc.SslMode;
import org.postgresql.ssl.NonValidatingFactory;
import org.postgresql.ssl.WrappedFactory;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * The {@code sslfactory} PgJDBC instantiates for a connect that presents a client
 * certificate from memory (see {@link ClientCertificateSockets}). It verifies the server as
 * PgJDBC's own {@code LibPQFactory} does: for {@code sslmode=verify-ca} and
 * {@code verify-full} against the CA certificates in {@code sslrootcert} (by default
 * {@code ~/.postgresql/root.crt}), for weaker modes not at all; PgJDBC itself checks the
 * host name for {@code verify-full} after the handshake, whatever the factory.
 * <p>
 * Public only because PgJDBC instantiates it by name; not part of connmgmt's API.
 *
 * @since 0.1.0
 */
public final class ClientCertificateSocketFactory extends WrappedFactory {

	/**
	 * Create the factory for one connect.
	 * @param info the connect's properties, which name the lent certificate
	 * @throws PSQLException when no certificate is lent under the handle, or the CA
	 * certificates cannot be read
	 */
	public ClientCertificateSocketFactory(Properties info) throws PSQLException {
		ClientCertificate certificate = ClientCertificateSockets.borrow(info.getProperty(ClientCertificateSockets.HANDLE));
		if (certificate == null) {
			throw new PSQLException("No client certificate is lent to this connect", PSQLState.CONNECTION_FAILURE);
		}
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(new KeyManager[] { new ClientCertificateKeyManager(certificate) }, trustManagers(info), null);
			this.factory = context.getSocketFactory();
		}
		catch (GeneralSecurityException ex) {
			throw new PSQLException("Could not set up TLS with the client certificate: " + ex.getMessage(),
					PSQLState.CONNECTION_FAILURE, ex);
		}
	}

	private static TrustManager[] trustManagers(Properties info) throws PSQLException, GeneralSecurityException {
		if (!SslMode.of(info).verifyCertificate()) {
			return new TrustManager[] { new NonValidatingFactory.NonValidatingTM() };
		}
		String rootCert = PGProperty.SSL_ROOT_CERT.getOrDefault(info);
		Path path = (rootCert != null) ? Path.of(rootCert)
				: defaultRootCert(System.getProperty("os.name"), System.getenv("APPDATA"), System.getProperty("user.home"));
		KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
		try (InputStream in = Files.newInputStream(path)) {
			trusted.load(null, null);
			int i = 0;
			for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
				trusted.setCertificateEntry("ca" + i++, ca);
			}
		}
		catch (NoSuchFileException ex) {
			throw new PSQLException("Could not open SSL root certificate file " + path + ".",
					PSQLState.CONNECTION_FAILURE, ex);
		}
		catch (IOException ex) {
			throw new PSQLException("Could not read SSL root certificate file " + path + ".",
					PSQLState.CONNECTION_FAILURE, ex);
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
		factory.init(trusted);
		return factory.getTrustManagers();
	}

	static Path defaultRootCert(String osName, String appData, String userHome) throws PSQLException {
		if (osName.toLowerCase(Locale.ROOT).contains("windows")) {
			if (appData == null || appData.isBlank()) {
				throw new PSQLException("Set sslrootcert to the CA certificates that verify the server: "
						+ "APPDATA is not set, so the default %APPDATA%\\postgresql\\root.crt cannot be found.",
						PSQLState.CONNECTION_FAILURE);
			}
			return Path.of(appData, "postgresql", "root.crt");
		}
		return Path.of(userHome, ".postgresql", "root.crt");
	}

}
