package dev.connmgmt.benchmarks.postgres;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import javax.sql.DataSource;

import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;

/**
 * A database on the embedded PostgreSQL with the table the benchmarks query: {@value #ROWS}
 * rows of {@code items}, keyed by {@code id} from 1. Created once by the suite, whose JMH
 * forks find it through a properties file named by the system property {@value #PROPERTY};
 * a fork started without it creates a server and database of its own.
 *
 * @param name the database's name
 * @param url the JDBC URL, without credentials
 * @param username the role that owns the database
 * @param password the role's password
 */
public record BenchmarkDatabase(String name, String url, String username, String password) {

	/**
	 * The system property naming the properties file of the suite's database.
	 */
	public static final String PROPERTY = "connmgmt.benchmarks.postgres";

	/**
	 * Rows in the table.
	 */
	public static final int ROWS = 100_000;

	/**
	 * The primary-key lookup.
	 */
	public static final String PK_LOOKUP = "SELECT id, name, price FROM items WHERE id = ?";

	/**
	 * Create the database, its owner and the table on a running server.
	 * @param server the server
	 * @return the database
	 */
	public static BenchmarkDatabase create(EmbeddedPostgresServer server) {
		TestDatabase database = server.createDatabaseWithOwner("bench");
		BenchmarkDatabase created = new BenchmarkDatabase(database.name(), database.jdbcUrl(), database.owner().name(),
				database.owner().password());
		try (Connection connection = database.ownerDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL)");
			statement.execute("INSERT INTO items SELECT i, 'item ' || i, (i % 1000) / 10.0 FROM generate_series(1, "
					+ ROWS + ") AS i");
			statement.execute("VACUUM ANALYZE items");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the benchmark table", ex);
		}
		return created;
	}

	/**
	 * Return the suite's database, or create a server and database when run alone.
	 * @return the database
	 */
	public static BenchmarkDatabase forThisFork() {
		String file = System.getProperty(PROPERTY);
		if (file == null) {
			return create(EmbeddedPostgresServer.shared());
		}
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(Path.of(file))) {
			properties.load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new BenchmarkDatabase(properties.getProperty("name"), properties.getProperty("url"),
				properties.getProperty("username"),
				properties.getProperty("password"));
	}

	/**
	 * Write where the database is for the suite's forks.
	 * @param file the properties file
	 */
	public void writeTo(Path file) {
		Properties properties = new Properties();
		properties.setProperty("name", this.name);
		properties.setProperty("url", this.url);
		properties.setProperty("username", this.username);
		properties.setProperty("password", this.password);
		try (Writer writer = Files.newBufferedWriter(file)) {
			properties.store(writer, "The suite's benchmark database");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Look an item up by primary key on a borrowed connection.
	 * @param connection the connection
	 * @param id the key, from 1 to {@link #ROWS}
	 * @return the item's name
	 * @throws SQLException when the query fails
	 */
	public static String lookUp(Connection connection, int id) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(PK_LOOKUP)) {
			statement.setInt(1, id);
			try (ResultSet result = statement.executeQuery()) {
				if (!result.next()) {
					throw new IllegalStateException("No item " + id);
				}
				result.getBigDecimal(3);
				return result.getString(2);
			}
		}
	}

	/**
	 * Check that a pool reaches the table.
	 * @param dataSource the pool
	 */
	static void check(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT count(*) FROM items")) {
			result.next();
			if (result.getInt(1) != ROWS) {
				throw new IllegalStateException("Table items has " + result.getInt(1) + " rows, not " + ROWS);
			}
		}
	}

	@Override
	public String toString() {
		return "BenchmarkDatabase[" + this.url + " as " + this.username + "]";
	}

}
