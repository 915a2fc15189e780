package dev.connmgmt.autoconfigure;

import java.time.Duration;

/**
 * The time limits of a pool's connections and work, under
 * {@code connmgmt.pools.<name>.timeouts}. Unset limits are the driver's defaults. They must
 * nest: connect &lt; socket, query &lt; socket, and the pool's connection-timeout &lt;
 * request; connmgmt checks that at startup.
 *
 * @since 0.1.0
 */
public class TimeoutProperties {

	/**
	 * Maximum time to open a connection and log in. Passed to the driver (PostgreSQL:
	 * connectTimeout and loginTimeout, in whole seconds).
	 */
	private Duration connect;

	/**
	 * Maximum time a read from the database may block before the connection is considered
	 * dead. Passed to the driver (PostgreSQL: socketTimeout, in whole seconds).
	 */
	private Duration socket;

	/**
	 * Maximum time a statement may run; the database cancels it after that (PostgreSQL:
	 * statement_timeout).
	 */
	private Duration query;

	/**
	 * Maximum time of one unit of work run through connmgmt, retries included; when it passes
	 * first, the running statement is cancelled.
	 */
	private Duration request;

	public Duration getConnect() {
		return this.connect;
	}

	public void setConnect(Duration connect) {
		this.connect = connect;
	}

	public Duration getSocket() {
		return this.socket;
	}

	public void setSocket(Duration socket) {
		this.socket = socket;
	}

	public Duration getQuery() {
		return this.query;
	}

	public void setQuery(Duration query) {
		this.query = query;
	}

	public Duration getRequest() {
		return this.request;
	}

	public void setRequest(Duration request) {
		this.request = request;
	}

	TimeoutProperties copy() {
		TimeoutProperties copy = new TimeoutProperties();
		copy.connect = this.connect;
		copy.socket = this.socket;
		copy.query = this.query;
		copy.request = this.request;
		return copy;
	}

}
