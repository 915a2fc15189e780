package dev.connmgmt.autoconfigure;

/**
 * How {@code spring.datasource.*} says to connect, as Spring Boot resolves it (an embedded
 * database's URL when none is set, and so on).
 *
 * @param url the JDBC URL
 * @param username the user, or {@code null}
 * @param password the password, or {@code null}; never shown by {@link #toString()}
 * @param driverClassName the driver class, or {@code null} to derive it from the URL
 */
record SpringDataSourceConnection(String url, String username, String password, String driverClassName) {

	@Override
	public String toString() {
		return "SpringDataSourceConnection[url=" + this.url + ", username=" + this.username + ", driverClassName="
				+ this.driverClassName + "]";
	}

}
