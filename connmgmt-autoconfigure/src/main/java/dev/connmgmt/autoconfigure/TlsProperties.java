package dev.connmgmt.autoconfigure;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * TLS of a pool's connections, under {@code connmgmt.pools.<name>.tls}.
 *
 * @since 0.1.0
 */
public class TlsProperties {

	/**
	 * TLS the pool's connections must have: off, require (encrypted, server certificate
	 * verified: sslmode verify-ca or verify-full) or verify-full (host name verified too;
	 * set as sslmode when none is written). When not set: require for a PostgreSQL URL naming
	 * a host other than this machine, else off. Only a written mode refuses settings that
	 * weaken TLS and makes the pool's health DOWN for an unencrypted session; a derived one
	 * logs them.
	 */
	private TlsMode mode;

	/**
	 * The client certificate the pool logs in with.
	 */
	@NestedConfigurationProperty
	private ClientCertificateProperties clientCertificate = new ClientCertificateProperties();

	public TlsMode getMode() {
		return this.mode;
	}

	public void setMode(TlsMode mode) {
		this.mode = mode;
	}

	public ClientCertificateProperties getClientCertificate() {
		return this.clientCertificate;
	}

	public void setClientCertificate(ClientCertificateProperties clientCertificate) {
		this.clientCertificate = clientCertificate;
	}

	TlsProperties copy() {
		TlsProperties copy = new TlsProperties();
		copy.setMode(this.mode);
		copy.clientCertificate = this.clientCertificate.copy();
		return copy;
	}

}
