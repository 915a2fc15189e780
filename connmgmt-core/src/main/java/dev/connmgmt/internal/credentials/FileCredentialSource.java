package dev.connmgmt.internal.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.credentials.CredentialStatus;
import dev.connmgmt.credentials.Credentials;
import dev.connmgmt.internal.events.PoolEvents;
import org.slf4j.event.Level;

/**
 * Credentials read from two files, such as a Kubernetes secret mounted as a volume, and
 * read again whenever {@link #refresh()} is called (connmgmt polls them): changed contents
 * become a new generation, and the pool retires every connection opened with the old one.
 * Files are compared by content, not by modification time, because mounted secrets are
 * swapped through symbolic links.
 *
 * @since 0.1.0
 */
public final class FileCredentialSource implements CredentialSource, AutoCloseable {

	private final String pool;

	private final Path usernamePath;

	private final Path passwordPath;

	private final ChangeListeners listeners;

	private volatile Credentials current;

	private volatile Instant lastRotation;

	private final ScheduledExecutorService poller;

	/**
	 * Create a source and read the files once.
	 * @param pool the pool, for events
	 * @param usernamePath the file holding the username
	 * @param passwordPath the file holding the password
	 * @param pollInterval how often the files are read again
	 * @throws UncheckedIOException when a file cannot be read
	 */
	public FileCredentialSource(String pool, Path usernamePath, Path passwordPath, Duration pollInterval) {
		this.pool = pool;
		this.listeners = new ChangeListeners(pool);
		this.usernamePath = usernamePath;
		this.passwordPath = passwordPath;
		this.current = read(1);
		this.poller = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "connmgmt-" + pool + "-credentials");
			thread.setDaemon(true);
			return thread;
		});
		long interval = pollInterval.toMillis();
		this.poller.scheduleWithFixedDelay(this::refresh, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Stop reading the files.
	 */
	@Override
	public void close() {
		this.poller.shutdownNow();
	}

	@Override
	public Credentials current() {
		return this.current;
	}

	@Override
	public String type() {
		return "file";
	}

	/**
	 * Read the files again; when they changed, make their contents the current credentials
	 * and tell the listeners.
	 * @return whether the credentials changed
	 */
	@Override
	public synchronized boolean refresh() {
		Credentials previous = this.current;
		Credentials read;
		try {
			read = read(previous.generation() + 1);
		}
		catch (UncheckedIOException ex) {
			PoolEvents.log(Level.WARN, "credentials.unreadable", "pool", this.pool, "reason", ex.getMessage());
			return false;
		}
		if (read.username().equals(previous.username()) && read.password().equals(previous.password())
				|| read.username().isEmpty()) {
			return false;
		}
		this.current = read;
		this.lastRotation = Instant.now();
		PoolEvents.log(Level.INFO, "rotation.started", "pool", this.pool, "source", type(), "generation",
				read.generation());
		this.listeners.changed();
		return true;
	}

	@Override
	public CredentialStatus status() {
		return new CredentialStatus(type(), this.current.generation(), this.lastRotation, null, null, null, null, false,
				0);
	}

	@Override
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

	private Credentials read(long generation) {
		try {
			String username = Files.readString(this.usernamePath, StandardCharsets.UTF_8).strip();
			String password = Files.readString(this.passwordPath, StandardCharsets.UTF_8).strip();
			return new Credentials(username, password, generation);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read credentials from " + this.usernamePath + " and "
					+ this.passwordPath, ex);
		}
	}

	@Override
	public String toString() {
		return "FileCredentialSource[" + this.usernamePath + ", " + this.passwordPath + ", generation "
				+ this.current.generation() + "]";
	}

}
