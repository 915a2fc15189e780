package dev.connmgmt.test.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
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
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys and X.509 certificates as Vault's PKI engine makes them: RSA or EC keys, 20-byte
 * random serial numbers written as colon-separated hex, a self-signed root with the CA
 * key usages, and leaf certificates with the role's extended key usages, signed by it.
 * Encodes them as Vault answers: PEM or base64 DER, private keys as PKCS#1 (RSA), SEC1
 * (EC) or PKCS#8.
 */
final class X509Maker {

	private static final SecureRandom random = new SecureRandom();

	private X509Maker() {
	}

	static KeyPair keyPair(String type, int bits) {
		try {
			if ("ec".equals(type)) {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec(switch (bits) {
					case 384 -> "secp384r1";
					case 521 -> "secp521r1";
					default -> "secp256r1";
				}), random);
				return generator.generateKeyPair();
			}
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(bits, random);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot make a " + type + " key of " + bits + " bits", ex);
		}
	}

	static BigInteger serial() {
		byte[] bytes = new byte[20];
		random.nextBytes(bytes);
		bytes[0] &= 0x7f;
		return new BigInteger(1, bytes);
	}

	/**
	 * Write a serial number as Vault does: lowercase hex bytes separated by colons.
	 */
	static String serialText(BigInteger serial) {
		byte[] bytes = serial.toByteArray();
		int start = (bytes.length > 1 && bytes[0] == 0) ? 1 : 0;
		StringBuilder text = new StringBuilder();
		for (int i = start; i < bytes.length; i++) {
			if (text.length() > 0) {
				text.append(':');
			}
			text.append(HexFormat.of().toHexDigits(bytes[i]));
		}
		return text.toString();
	}

	static X509Certificate root(String commonName, KeyPair keys, Instant notBefore, Instant notAfter) {
		X500Name subject = name(commonName);
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(notBefore),
					Date.from(notAfter), subject, keys.getPublic())
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
				.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
				.addExtension(Extension.subjectKeyIdentifier, false,
						extensions.createSubjectKeyIdentifier(keys.getPublic()));
			return sign(builder, keys.getPrivate());
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("Cannot make the root certificate", ex);
		}
	}

	static X509Certificate leaf(Leaf leaf, KeyPair keys, X509Certificate issuer, PrivateKey issuerKey) {
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
					Date.from(leaf.notBefore()), Date.from(leaf.notAfter()), name(leaf.commonName()),
					keys.getPublic())
				.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement))
				.addExtension(Extension.subjectKeyIdentifier, false,
						extensions.createSubjectKeyIdentifier(keys.getPublic()))
				.addExtension(Extension.authorityKeyIdentifier, false,
						extensions.createAuthorityKeyIdentifier(issuer));
			List<KeyPurposeId> purposes = new ArrayList<>();
			if (leaf.server()) {
				purposes.add(KeyPurposeId.id_kp_serverAuth);
			}
			if (leaf.client()) {
				purposes.add(KeyPurposeId.id_kp_clientAuth);
			}
			if (!purposes.isEmpty()) {
				builder.addExtension(Extension.extendedKeyUsage, false,
						new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
			}
			if (!leaf.dnsNames().isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(leaf.dnsNames()
					.stream()
					.map((dns) -> new GeneralName(GeneralName.dNSName, dns))
					.toArray(GeneralName[]::new)));
			}
			return sign(builder, issuerKey);
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("Cannot make the certificate", ex);
		}
	}

	private static X500Name name(String commonName) {
		return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
			throws GeneralSecurityException {
		String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(key)));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException("Cannot sign with " + algorithm, ex);
		}
	}

	static byte[] der(X509Certificate certificate) {
		try {
			return certificate.getEncoded();
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException("Cannot encode the certificate", ex);
		}
	}

	/**
	 * Return a private key as Vault encodes it by default: PKCS#1 for RSA, SEC1 for EC.
	 */
	static byte[] typedDer(PrivateKey key) {
		try {
			return PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot encode the private key", ex);
		}
	}

	/**
	 * Return the secret numbers of a private key, as unsigned big-endian bytes: the scalar
	 * of an EC key, the private exponent and primes of an RSA key.
	 */
	static byte[][] secretParts(PrivateKey key) {
		if (key instanceof ECPrivateKey ec) {
			return new byte[][] { unsigned(ec.getS()) };
		}
		if (key instanceof RSAPrivateCrtKey rsa) {
			return new byte[][] { unsigned(rsa.getPrivateExponent()), unsigned(rsa.getPrimeP()),
					unsigned(rsa.getPrimeQ()), unsigned(rsa.getPrimeExponentP()), unsigned(rsa.getPrimeExponentQ()),
					unsigned(rsa.getCrtCoefficient()) };
		}
		return new byte[][] { key.getEncoded() };
	}

	/**
	 * Return the parts of a certificate no other certificate has: its signature and its
	 * public key.
	 */
	static byte[][] uniqueParts(X509Certificate certificate) {
		return new byte[][] { certificate.getSignature(),
				SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()).getPublicKeyData().getBytes() };
	}

	private static byte[] unsigned(BigInteger value) {
		byte[] bytes = value.toByteArray();
		return (bytes.length > 1 && bytes[0] == 0) ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
	}

	static String keyType(PrivateKey key) {
		return key.getAlgorithm().toLowerCase(Locale.ROOT);
	}

	static String pem(String label, byte[] der) {
		return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + label + "-----";
	}

	static String certificatePem(X509Certificate certificate) {
		return pem("CERTIFICATE", der(certificate));
	}

	/**
	 * What a leaf certificate says.
	 *
	 * @param commonName the subject's common name
	 * @param dnsNames the DNS subject alternative names
	 * @param notBefore the start of its validity
	 * @param notAfter its expiry
	 * @param client whether it may authenticate a TLS client
	 * @param server whether it may authenticate a TLS server
	 */
	record Leaf(String commonName, List<String> dnsNames, Instant notBefore, Instant notAfter, boolean client,
			boolean server) {
	}

}
