package dev.connmgmt.credentials;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * A TLS client certificate and its private key, held in memory only, for databases that
 * authenticate clients by certificate (PostgreSQL's {@code cert} method, where the
 * certificate's common name is the login user).
 * <p>
 * {@link #toString()} shows the common name, serial number and expiry only, never the
 * certificate or the key.
 *
 * @since 0.1.0
 */
public final class ClientCertificate {

	private final List<X509Certificate> chain;

	private final PrivateKey privateKey;

	/**
	 * Create a client certificate.
	 * @param chain the certificate first, then any intermediate CA certificates
	 * @param privateKey the certificate's private key
	 */
	public ClientCertificate(List<X509Certificate> chain, PrivateKey privateKey) {
		if (chain.isEmpty()) {
			throw new IllegalArgumentException("A client certificate needs its certificate");
		}
		this.chain = List.copyOf(chain);
		this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
	}

	/**
	 * Return the certificate.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.chain.get(0);
	}

	/**
	 * Return the certificate followed by its intermediate CA certificates, as the client
	 * sends them.
	 * @return the chain
	 */
	public List<X509Certificate> chain() {
		return this.chain;
	}

	/**
	 * Return the private key.
	 * @return the key
	 */
	public PrivateKey privateKey() {
		return this.privateKey;
	}

	/**
	 * Return the certificate's serial number.
	 * @return the serial number
	 */
	public BigInteger serialNumber() {
		return certificate().getSerialNumber();
	}

	/**
	 * Return the common name of the certificate's subject.
	 * @return the common name, or {@code null} when the subject has none
	 */
	public String commonName() {
		try {
			for (Rdn rdn : new LdapName(certificate().getSubjectX500Principal().getName()).getRdns()) {
				if ("CN".equalsIgnoreCase(rdn.getType())) {
					return rdn.getValue().toString();
				}
			}
			return null;
		}
		catch (InvalidNameException ex) {
			return null;
		}
	}

	/**
	 * Return when the certificate expires (its NotAfter).
	 * @return the expiry
	 */
	public Instant notAfter() {
		return certificate().getNotAfter().toInstant();
	}

	@Override
	public String toString() {
		return "ClientCertificate[CN=" + commonName() + ", serial=" + serialNumber().toString(16) + ", notAfter="
				+ notAfter() + "]";
	}

}
