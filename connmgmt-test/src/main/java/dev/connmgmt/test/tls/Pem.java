package dev.connmgmt.test.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM encoding and file writing for certificates and keys; key files get mode 0600 before any
 * byte is written to them.
 */
final class Pem {

	private Pem() {
	}

	static String encode(X509Certificate certificate) {
		return write(certificate);
	}

	static String encode(PrivateKey key) {
		try {
			return write(new JcaPKCS8Generator(key, null).generate());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not encode a private key", ex);
		}
	}

	static String commonName(X509Certificate certificate) {
		X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
		RDN[] names = subject.getRDNs(BCStyle.CN);
		return (names.length == 0) ? "" : IETFUtils.valueToString(names[0].getFirst().getValue());
	}

	static Path write(Path file, String text, boolean secret) {
		return writeBytes(file, text.getBytes(StandardCharsets.US_ASCII), secret);
	}

	static Path writeBytes(Path file, byte[] content, boolean secret) {
		try {
			Path directory = file.toAbsolutePath().getParent();
			Files.createDirectories(directory);
			Path temporary = Files.createTempFile(directory, ".pem-", ".tmp",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
			Files.write(temporary, content);
			return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	private static String write(Object object) {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not encode " + object.getClass().getSimpleName(), ex);
		}
		return text.toString();
	}

}
