package dev.connmgmt.internal.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.connmgmt.credentials.ClientCertificate;

/**
 * Presents one client certificate, from memory, whatever CA names the server asks for, as
 * libpq presents its {@code sslcert}.
 */
final class ClientCertificateKeyManager extends X509ExtendedKeyManager {

	private static final String ALIAS = "client";

	private final ClientCertificate certificate;

	ClientCertificateKeyManager(ClientCertificate certificate) {
		this.certificate = certificate;
	}

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		return new String[] { ALIAS };
	}

	@Override
	public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
		return ALIAS;
	}

	@Override
	public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
		return ALIAS;
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		return null;
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return null;
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		return ALIAS.equals(alias) ? this.certificate.chain().toArray(X509Certificate[]::new) : null;
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		return ALIAS.equals(alias) ? this.certificate.privateKey() : null;
	}

	@Override
	public String toString() {
		return "ClientCertificateKeyManager[" + this.certificate + "]";
	}

}
