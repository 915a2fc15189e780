package dev.connmgmt.autoconfigure;

import java.time.Duration;

/**
 * The TLS client certificate a pool logs in with, under
 * {@code connmgmt.pools.<name>.tls.client-certificate}, for databases that authenticate
 * clients by certificate (PostgreSQL's {@code cert} method). The certificate and its key
 * stay in memory; a new certificate retires the old one's connections like a rotated
 * password.
 *
 * @since 0.1.0
 */
public class ClientCertificateProperties {

	/**
	 * Where the client certificate comes from: none, or Vault's PKI secrets engine through
	 * Spring Cloud Vault's client (vault).
	 */
	private Source source = Source.NONE;

	private final Vault vault = new Vault();

	public Source getSource() {
		return this.source;
	}

	public void setSource(Source source) {
		this.source = source;
	}

	public Vault getVault() {
		return this.vault;
	}

	ClientCertificateProperties copy() {
		ClientCertificateProperties copy = new ClientCertificateProperties();
		copy.source = this.source;
		copy.vault.mount = this.vault.mount;
		copy.vault.role = this.vault.role;
		copy.vault.commonName = this.vault.commonName;
		copy.vault.ttl = this.vault.ttl;
		copy.vault.rotateAt = this.vault.rotateAt;
		return copy;
	}

	/**
	 * Where a client certificate comes from.
	 */
	public enum Source {

		/**
		 * No client certificate.
		 */
		NONE,

		/**
		 * Vault's PKI secrets engine: {@code <mount>/issue/<role>}.
		 */
		VAULT

	}

	/**
	 * Client certificates from Vault's PKI secrets engine. Vault itself (address,
	 * authentication, TLS) is configured under {@code spring.cloud.vault.*}.
	 */
	public static class Vault {

		/**
		 * Mount path of the PKI secrets engine.
		 */
		private String mount = "pki";

		/**
		 * Role to issue certificates from: {@code <mount>/issue/<role>}.
		 */
		private String role;

		/**
		 * Common name of the certificates, which PostgreSQL takes as the login user. Defaults
		 * to the pool's username.
		 */
		private String commonName;

		/**
		 * Lifetime to ask for; Vault caps it at the role's max TTL. Defaults to the role's
		 * TTL.
		 */
		private Duration ttl;

		/**
		 * Fraction of a certificate's lifetime at which it is replaced. Between 0 and 1
		 * exclusive.
		 */
		private double rotateAt = 0.7;

		public String getMount() {
			return this.mount;
		}

		public void setMount(String mount) {
			this.mount = mount;
		}

		public String getRole() {
			return this.role;
		}

		public void setRole(String role) {
			this.role = role;
		}

		public String getCommonName() {
			return this.commonName;
		}

		public void setCommonName(String commonName) {
			this.commonName = commonName;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public double getRotateAt() {
			return this.rotateAt;
		}

		public void setRotateAt(double rotateAt) {
			this.rotateAt = rotateAt;
		}

	}

}
