package dev.connmgmt.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * Where a pool's credentials come from, under {@code connmgmt.pools.<name>.credentials}.
 *
 * @since 0.1.0
 */
public class CredentialsProperties {

	/**
	 * Where the credentials come from: the pool's username and password properties
	 * (static), files that are watched and rotate the pool's connections when they change
	 * (file), or Vault's database secrets engine, rotated before they expire (vault).
	 */
	private Source source = Source.STATIC;

	private final File file = new File();

	private final Vault vault = new Vault();

	public Source getSource() {
		return this.source;
	}

	public void setSource(Source source) {
		this.source = source;
	}

	public File getFile() {
		return this.file;
	}

	public Vault getVault() {
		return this.vault;
	}

	CredentialsProperties copy() {
		CredentialsProperties copy = new CredentialsProperties();
		copy.source = this.source;
		copy.file.usernamePath = this.file.usernamePath;
		copy.file.passwordPath = this.file.passwordPath;
		copy.file.pollInterval = this.file.pollInterval;
		copy.vault.backend = this.vault.backend;
		copy.vault.role = this.vault.role;
		copy.vault.staticRole = this.vault.staticRole;
		copy.vault.rotateAt = this.vault.rotateAt;
		copy.vault.revokeAfterDrain = this.vault.revokeAfterDrain;
		copy.vault.minRefreshInterval = this.vault.minRefreshInterval;
		copy.vault.firstRetry = this.vault.firstRetry;
		copy.vault.maxRetry = this.vault.maxRetry;
		copy.vault.lifetimeMargin = this.vault.lifetimeMargin;
		return copy;
	}

	/**
	 * Kinds of credential sources.
	 */
	public enum Source {

		/**
		 * The pool's username and password properties; they never change.
		 */
		STATIC,

		/**
		 * Two files, such as a mounted Kubernetes secret, read again every poll interval.
		 */
		FILE,

		/**
		 * Vault's database secrets engine, through Spring Cloud Vault's client.
		 */
		VAULT

	}

	/**
	 * Credentials read from files.
	 */
	public static class File {

		/**
		 * File holding the username.
		 */
		private Path usernamePath;

		/**
		 * File holding the password.
		 */
		private Path passwordPath;

		/**
		 * How often the files are read again; a change rotates the pool's connections.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		public Path getUsernamePath() {
			return this.usernamePath;
		}

		public void setUsernamePath(Path usernamePath) {
			this.usernamePath = usernamePath;
		}

		public Path getPasswordPath() {
			return this.passwordPath;
		}

		public void setPasswordPath(Path passwordPath) {
			this.passwordPath = passwordPath;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

	/**
	 * Credentials from Vault's database secrets engine, under
	 * {@code connmgmt.pools.<name>.credentials.vault}. Vault itself (address,
	 * authentication, TLS) is configured under {@code spring.cloud.vault.*}.
	 */
	public static class Vault {

		/**
		 * Mount path of the database secrets engine.
		 */
		private String backend = "database";

		/**
		 * Role to read credentials for: {@code <backend>/creds/<role>}, or
		 * {@code <backend>/static-creds/<role>} for a static role.
		 */
		private String role;

		/**
		 * Whether the role is a static role, whose password the engine rotates every
		 * rotation period.
		 */
		private boolean staticRole;

		/**
		 * Fraction of a lease's time to live at which it is renewed, or replaced once Vault
		 * caps renewals at the role's max TTL. Between 0 and 1 exclusive.
		 */
		private double rotateAt = 0.7;

		/**
		 * Whether a replaced lease is revoked as soon as the last connection opened with it
		 * has closed (and held leases at shutdown). When off, Vault lets them expire.
		 */
		private boolean revokeAfterDrain = true;

		/**
		 * Shortest time between two refreshes caused by the database refusing a login, so
		 * that a dropped role never floods Vault or locks an account.
		 */
		private Duration minRefreshInterval = Duration.ofSeconds(1);

		/**
		 * Delay before the first retry after Vault failed to renew or issue credentials;
		 * doubles on every failure, but is bounded by the time the credentials have left.
		 */
		private Duration firstRetry = Duration.ofMillis(200);

		/**
		 * Longest delay between retries.
		 */
		private Duration maxRetry = Duration.ofSeconds(10);

		/**
		 * No longer has an effect: connections of replaced credentials are retired by
		 * generation, so max-lifetime need not be shorter than the lease.
		 */
		private Duration lifetimeMargin = Duration.ofSeconds(30);

		public String getBackend() {
			return this.backend;
		}

		public void setBackend(String backend) {
			this.backend = backend;
		}

		public String getRole() {
			return this.role;
		}

		public void setRole(String role) {
			this.role = role;
		}

		public boolean isStaticRole() {
			return this.staticRole;
		}

		public void setStaticRole(boolean staticRole) {
			this.staticRole = staticRole;
		}

		public double getRotateAt() {
			return this.rotateAt;
		}

		public void setRotateAt(double rotateAt) {
			this.rotateAt = rotateAt;
		}

		public boolean isRevokeAfterDrain() {
			return this.revokeAfterDrain;
		}

		public void setRevokeAfterDrain(boolean revokeAfterDrain) {
			this.revokeAfterDrain = revokeAfterDrain;
		}

		public Duration getMinRefreshInterval() {
			return this.minRefreshInterval;
		}

		public void setMinRefreshInterval(Duration minRefreshInterval) {
			this.minRefreshInterval = minRefreshInterval;
		}

		public Duration getFirstRetry() {
			return this.firstRetry;
		}

		public void setFirstRetry(Duration firstRetry) {
			this.firstRetry = firstRetry;
		}

		public Duration getMaxRetry() {
			return this.maxRetry;
		}

		public void setMaxRetry(Duration maxRetry) {
			this.maxRetry = maxRetry;
		}

		/**
		 * Return the margin, which no longer has an effect.
		 * @return the margin
		 * @deprecated connections of replaced credentials are retired by generation, so
		 * max-lifetime need not be shorter than the lease; see
		 * {@link ValidationRule#DRAIN_WITHIN_LEASE} for what is checked instead
		 */
		@Deprecated(since = "0.1.0")
		@DeprecatedConfigurationProperty(reason = "Connections of replaced credentials are retired by generation, so "
				+ "max-lifetime need not be shorter than the lease.")
		public Duration getLifetimeMargin() {
			return this.lifetimeMargin;
		}

		/**
		 * Set the margin, which no longer has an effect.
		 * @param lifetimeMargin the margin
		 * @deprecated see {@link #getLifetimeMargin()}
		 */
		@Deprecated(since = "0.1.0")
		public void setLifetimeMargin(Duration lifetimeMargin) {
			this.lifetimeMargin = lifetimeMargin;
		}

	}

}
