package dev.connmgmt.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a pool's credentials come from, under {@code connmgmt.pools.<name>.credentials}.
 *
 * @since 0.1.0
 */
public class CredentialsProperties {

	/**
	 * Where the credentials come from: the pool's username and password properties
	 * (static), or files that are watched and rotate the pool's connections when they change
	 * (file).
	 */
	private Source source = Source.STATIC;

	private final File file = new File();

	public Source getSource() {
		return this.source;
	}

	public void setSource(Source source) {
		this.source = source;
	}

	public File getFile() {
		return this.file;
	}

	CredentialsProperties copy() {
		CredentialsProperties copy = new CredentialsProperties();
		copy.source = this.source;
		copy.file.usernamePath = this.file.usernamePath;
		copy.file.passwordPath = this.file.passwordPath;
		copy.file.pollInterval = this.file.pollInterval;
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
		FILE

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

}
