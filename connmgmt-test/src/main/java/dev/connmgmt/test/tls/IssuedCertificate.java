package dev.connmgmt.test.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

import dev.connmgmt.test.secrets.IssuedSecrets;

/**
 * A certificate signed by a {@link TestCertificateAuthority}, with its private key. Key
 * files are written readable by their owner only (0600), as PostgreSQL and libpq demand.
 *
 * @since 0.1.0
 */
public final class IssuedCertificate {

	private final X509Certificate certificate;

	private final PrivateKey privateKey;

	IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {
		this.certificate = certificate;
		this.privateKey = privateKey;
		IssuedSecrets.record(Base64.getEncoder().encodeToString(privateKey.getEncoded()));
		privateKeyPem().lines().filter((line) -> !line.startsWith("-----")).forEach(IssuedSecrets::record);
	}

	/**
	 * Return the certificate.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * Return the private key.
	 * @return the key
	 */
	public PrivateKey privateKey() {
		return this.privateKey;
	}

	/**
	 * Return the subject's common name.
	 * @return the common name
	 */
	public String commonName() {
		return Pem.commonName(this.certificate);
	}

	/**
	 * Return the certificate in PEM form.
	 * @return the PEM text
	 */
	public String certificatePem() {
		return Pem.encode(this.certificate);
	}

	/**
	 * Return the private key in PEM form (PKCS#8, unencrypted).
	 * @return the PEM text, a secret
	 */
	public String privateKeyPem() {
		return Pem.encode(this.privateKey);
	}

	/**
	 * Write the certificate (PEM) to a file.
	 * @param file the file
	 * @return the file
	 */
	public Path writeCertificate(Path file) {
		return Pem.write(file, certificatePem(), false);
	}

	/**
	 * Write the private key (PEM, PKCS#8) to a file readable by its owner only.
	 * @param file the file
	 * @return the file
	 */
	public Path writePrivateKeyPem(Path file) {
		return Pem.write(file, privateKeyPem(), true);
	}

	/**
	 * Write the certificate and the key where PgJDBC reads a client certificate: the
	 * certificate as PEM ({@code sslcert}) and the key as DER-encoded PKCS#8, the form PgJDBC's
	 * default key manager reads ({@code sslkey}, file name ending {@code .pk8}), mode 0600.
	 * @param directory the directory to write {@code <common name>.crt} and
	 * {@code <common name>.pk8} in
	 * @return the two files
	 */
	public ClientCertificateFiles writeForPgJdbc(Path directory) {
		String base = commonName().replaceAll("[^A-Za-z0-9_.-]", "_");
		Path certificateFile = writeCertificate(directory.resolve(base + ".crt"));
		Path keyFile = Pem.writeBytes(directory.resolve(base + ".pk8"), this.privateKey.getEncoded(), true);
		return new ClientCertificateFiles(certificateFile, keyFile);
	}

	@Override
	public String toString() {
		return "IssuedCertificate[" + this.certificate.getSubjectX500Principal().getName() + ", key=******]";
	}

	/**
	 * Where a client certificate and its key were written.
	 *
	 * @param certificate the certificate file, for {@code sslcert}
	 * @param privateKey the key file, for {@code sslkey}
	 */
	public record ClientCertificateFiles(Path certificate, Path privateKey) {

		/**
		 * Return the JDBC URL parameters that present this certificate.
		 * @return {@code sslcert=...&sslkey=...}
		 */
		public String jdbcParameters() {
			return "sslcert=" + this.certificate + "&sslkey=" + this.privateKey;
		}

	}

}
