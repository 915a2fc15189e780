package dev.connmgmt.test.postgres;

import javax.sql.DataSource;

/**
 * A database on the embedded server together with the role that owns it.
 *
 * @param server the server the database lives on
 * @param name the database name
 * @param owner the owning role, which can log in
 * @since 0.1.0
 */
public record TestDatabase(EmbeddedPostgresServer server, String name, TestRole owner) {

	/**
	 * Return the JDBC URL of this database, without credentials.
	 * @return the URL
	 */
	public String jdbcUrl() {
		return this.server.jdbcUrl(this.name);
	}

	/**
	 * Return a non-pooled data source logging in as the owner.
	 * @return the data source
	 */
	public DataSource ownerDataSource() {
		return this.server.dataSource(this.name, this.owner.name(), this.owner.password());
	}

	/**
	 * Return the properties of a connmgmt pool that logs in to this database as its owner.
	 * @param pool the pool's name
	 * @return {@code connmgmt.pools.<pool>.url}, {@code .username} and {@code .password}
	 */
	public String[] connmgmtPool(String pool) {
		return connmgmtPool(pool, this.server.port());
	}

	/**
	 * Return the properties of a connmgmt pool that logs in to this database as its owner
	 * through another port, such as a fault-injecting proxy's.
	 * @param pool the pool's name
	 * @param port the port to connect to
	 * @return {@code connmgmt.pools.<pool>.url}, {@code .username} and {@code .password}
	 */
	public String[] connmgmtPool(String pool, int port) {
		String prefix = "connmgmt.pools." + pool + ".";
		return new String[] { prefix + "url=jdbc:postgresql://" + this.server.host() + ":" + port + "/" + this.name,
				prefix + "username=" + this.owner.name(), prefix + "password=" + this.owner.password() };
	}

	@Override
	public String toString() {
		return "TestDatabase[" + this.name + " owned by " + this.owner.name() + "]";
	}

}
