package dev.connmgmt.test.tls;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority that lives only for a test run: it signs server certificates (for
 * the embedded PostgreSQL) and client certificates (for roles that log in by certificate).
 * Keys are EC P-256, made fresh in memory; nothing is read from or trusted on the machine.
 * <p>
 * Private keys it issues are recorded as secrets in
 * {@link dev.connmgmt.test.secrets.IssuedSecrets}, so a leak scan finds them.
 *
 * @since 0.1.0
 */
public final class TestCertificateAuthority {

	private static final Duration VALIDITY = Duration.ofDays(2);

	private static final SecureRandom random = new SecureRandom();

	private final X500Name name;

	private final KeyPair keyPair;

	private final X509Certificate certificate;

	private TestCertificateAuthority(X500Name name, KeyPair keyPair, X509Certificate certificate) {
		this.name = name;
		this.keyPair = keyPair;
		this.certificate = certificate;
	}

	/**
	 * Create a self-signed root certificate authority.
	 * @param commonName the CA's common name, such as {@code connmgmt test CA}
	 * @return the new authority
	 */
	public static TestCertificateAuthority create(String commonName) {
		X500Name name = distinguishedName(commonName);
		KeyPair keyPair = newKeyPair();
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder builder = builder(name, name, keyPair)
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
				.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
				.addExtension(Extension.subjectKeyIdentifier, false,
						extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
			return new TestCertificateAuthority(name, keyPair, sign(builder, keyPair));
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("Could not create the test certificate authority", ex);
		}
	}

	/**
	 * Issue a server certificate whose subject alternative names are the given host names and
	 * IP addresses, as hostname verification ({@code sslmode=verify-full}) checks them.
	 * @param commonName the subject's common name
	 * @param hosts host names ({@code localhost}) and IP literals ({@code 127.0.0.1},
	 * {@code ::1})
	 * @return the certificate and its key
	 */
	public IssuedCertificate issueServerCertificate(String commonName, String... hosts) {
		List<GeneralName> names = new ArrayList<>();
		for (String host : hosts) {
			names.add(isIpLiteral(host) ? new GeneralName(GeneralName.iPAddress, host)
					: new GeneralName(GeneralName.dNSName, host));
		}
		return issue(commonName, KeyPurposeId.id_kp_serverAuth,
				new GeneralNames(names.toArray(GeneralName[]::new)));
	}

	/**
	 * Issue a client certificate whose common name is a PostgreSQL role, for
	 * {@code hostssl ... cert} logins.
	 * @param role the role name, used as the common name
	 * @return the certificate and its key
	 */
	public IssuedCertificate issueClientCertificate(String role) {
		return issue(role, KeyPurposeId.id_kp_clientAuth, null);
	}

	/**
	 * Return the authority's own certificate.
	 * @return the root certificate
	 */
	public X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * Return the authority's certificate in PEM form, as a client's trust file or a server's
	 * {@code ssl_ca_file} holds it.
	 * @return the PEM text
	 */
	public String certificatePem() {
		return Pem.encode(this.certificate);
	}

	/**
	 * Write the authority's certificate to a file, such as the {@code sslrootcert} of a JDBC
	 * URL.
	 * @param file the file to write
	 * @return the file
	 */
	public Path writeCertificate(Path file) {
		return Pem.write(file, certificatePem(), false);
	}

	private IssuedCertificate issue(String commonName, KeyPurposeId purpose, GeneralNames alternativeNames) {
		KeyPair subjectKeys = newKeyPair();
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder builder = builder(this.name, distinguishedName(commonName), subjectKeys)
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
				.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
				.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
				.addExtension(Extension.subjectKeyIdentifier, false,
						extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()))
				.addExtension(Extension.authorityKeyIdentifier, false,
						extensions.createAuthorityKeyIdentifier(this.certificate));
			if (alternativeNames != null) {
				builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
			}
			return new IssuedCertificate(sign(builder, this.keyPair), subjectKeys.getPrivate());
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("Could not issue a certificate for " + commonName, ex);
		}
	}

	private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
		Instant now = Instant.now();
		return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).abs().add(BigInteger.ONE),
				Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject,
				subjectKeys.getPublic());
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
			throws GeneralSecurityException {
		try {
			ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
			return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException("Could not sign", ex);
		}
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), random);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not generate an EC key pair", ex);
		}
	}

	private static X500Name distinguishedName(String commonName) {
		return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "connmgmt-test")
			.addRDN(BCStyle.CN, commonName)
			.build();
	}

	private static boolean isIpLiteral(String host) {
		return host.contains(":") || host.chars().allMatch((c) -> c == '.' || Character.isDigit(c));
	}

	@Override
	public String toString() {
		return "TestCertificateAuthority[" + this.name + "]";
	}

}
