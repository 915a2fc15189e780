package dev.connmgmt.autoconfigure;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * TLS of a pool's connections, under {@code connmgmt.pools.<name>.tls}.
 *
 * @since 0.1.0
 */
public class TlsProperties {

	/**
	 * The client certificate the pool logs in with.
	 */
	@NestedConfigurationProperty
	private ClientCertificateProperties clientCertificate = new ClientCertificateProperties();

	public ClientCertificateProperties getClientCertificate() {
		return this.clientCertificate;
	}

	public void setClientCertificate(ClientCertificateProperties clientCertificate) {
		this.clientCertificate = clientCertificate;
	}

	TlsProperties copy() {
		TlsProperties copy = new TlsProperties();
		copy.clientCertificate = this.clientCertificate.copy();
		return copy;
	}

}
