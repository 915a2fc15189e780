package dev.connmgmt.internal.credentials;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.connmgmt.credentials.ClientCertificate;

import org.springframework.http.HttpMethod;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultResponse;

/**
 * Issues client certificates from a role of Vault's PKI secrets engine
 * ({@code <mount>/issue/<role>}), through the application's {@link VaultOperations} and
 * session, asking for DER and a PKCS#8 key so that the JDK alone reads them. The key never
 * leaves memory.
 *
 * @since 0.1.0
 */
public final class VaultPkiCertificates implements ClientCertificateSource.Issuer {

	private final VaultCalls vault;

	private final VaultSession session;

	private final String path;

	private final String commonName;

	private final Duration ttl;

	/**
	 * Create an issuer for one role.
	 * @param vault the Vault client
	 * @param session the session whose token each call sends
	 * @param mount the mount path of the PKI engine, such as {@code pki}
	 * @param role the role
	 * @param commonName the certificates' common name: the database login user
	 * @param ttl the TTL to ask for, or {@code null} for the role's
	 */
	public VaultPkiCertificates(VaultOperations vault, VaultSession session, String mount, String role,
			String commonName, Duration ttl) {
		this.vault = new VaultCalls(vault, session);
		this.session = session;
		this.path = VaultDatabaseCredentials.trim(mount) + "/issue/" + VaultDatabaseCredentials.trim(role);
		this.commonName = commonName;
		this.ttl = ttl;
	}

	@Override
	public void recover() {
		this.session.recover();
	}

	@Override
	public String path() {
		return this.path;
	}

	@Override
	public ClientCertificate issue() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("common_name", this.commonName);
		body.put("format", "der");
		body.put("private_key_format", "pkcs8");
		if (this.ttl != null) {
			body.put("ttl", this.ttl.toSeconds() + "s");
		}
		VaultResponse response = this.vault.call(this.path, HttpMethod.POST, body).response();
		Map<String, Object> data = (response != null) ? response.getData() : null;
		if (data == null || data.get("certificate") == null || data.get("private_key") == null) {
			throw new VaultCallException(VaultCallException.Kind.CONFIGURATION, 200,
					"Vault's answer for " + this.path + " has no certificate or private key", null);
		}
		try {
			CertificateFactory certificates = CertificateFactory.getInstance("X.509");
			List<X509Certificate> chain = new ArrayList<>();
			chain.add(certificate(certificates, data.get("certificate")));
			if (data.get("ca_chain") instanceof List<?> cas) {
				for (Object ca : cas) {
					X509Certificate parsed = certificate(certificates, ca);
					if (!parsed.getSubjectX500Principal().equals(parsed.getIssuerX500Principal())) {
						// intermediates only: the server holds the root
						chain.add(parsed);
					}
				}
			}
			String type = String.valueOf(data.get("private_key_type")).toUpperCase(Locale.ROOT);
			PrivateKey key = KeyFactory.getInstance(type.equals("ED25519") ? "Ed25519" : type)
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(data.get("private_key").toString())));
			return new ClientCertificate(chain, key);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			// the message of a parser never holds the key's bytes
			throw new VaultCallException(VaultCallException.Kind.CONFIGURATION, 200,
					"Vault's certificate from " + this.path + " could not be read: " + ex.getClass().getSimpleName(),
					null);
		}
	}

	private static X509Certificate certificate(CertificateFactory certificates, Object base64)
			throws GeneralSecurityException {
		return (X509Certificate) certificates
			.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64.toString())));
	}

	@Override
	public String toString() {
		return "VaultPkiCertificates[" + this.path + ", CN=" + this.commonName + "]";
	}

}
