package dev.connmgmt.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.connmgmt.credentials.Secrets;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of one named pool, under {@code connmgmt.pools.<name>}. Times are durations
 * ({@code 500ms}, {@code 2s}, {@code 10m}); the defaults are HikariCP's own.
 *
 * @since 0.1.0
 */
public class PoolProperties {

	/**
	 * JDBC URL of the database.
	 */
	private String url;

	/**
	 * Login username of the database.
	 */
	private String username;

	/**
	 * Login password of the database.
	 */
	private String password;

	/**
	 * Fully qualified name of the JDBC driver. Auto-detected from the URL by default.
	 */
	private String driverClassName;

	/**
	 * Whether this pool is the application's primary DataSource, the one injected where no
	 * pool is named. The only pool is primary without saying so.
	 */
	private boolean primary;

	/**
	 * Whether the pool waits for its first use to open connections, instead of starting with
	 * the application.
	 */
	private boolean lazy;

	/**
	 * Whether the application can serve without this pool's database: its outage degrades
	 * the pool's health instead of taking readiness down.
	 */
	private boolean optional;

	/**
	 * Whether the pool connects through a transaction-mode pooler (PgBouncer, RDS Proxy):
	 * no server-side prepared statements, and no session state (init SQL, schema, isolation,
	 * server-side statement timeout) that would leak to other clients' transactions.
	 */
	private boolean transactionPooling;

	/**
	 * What to do when the pool's login role may do more than use the data (superuser, role
	 * or database creation, replication, bypassing row-level security, owning tables,
	 * creating objects): warn logs the findings once and shows them in the connections
	 * endpoint, fail stops the startup, off skips the audit. PostgreSQL only; lazy pools are
	 * not audited.
	 */
	private LeastPrivilegeMode leastPrivilege = LeastPrivilegeMode.WARN;

	/**
	 * Maximum number of connections in the pool, idle and in use.
	 */
	private int maximumPoolSize = 10;

	/**
	 * Minimum number of idle connections the pool keeps. Defaults to the maximum pool size (a
	 * fixed-size pool).
	 */
	private Integer minimumIdle;

	/**
	 * Maximum time a caller waits for a connection from the pool before failing. At least
	 * 250ms.
	 */
	private Duration connectionTimeout = Duration.ofSeconds(30);

	/**
	 * Maximum time a connection sits idle in the pool before it is closed, when the pool holds
	 * more than its minimum idle connections. 0 keeps idle connections forever; otherwise at
	 * least 10s and less than the maximum lifetime.
	 */
	private Duration idleTimeout = Duration.ofMinutes(10);

	/**
	 * Maximum lifetime of a connection in the pool; an in-use connection is retired when it is
	 * returned. 0 means no limit; otherwise at least 30s.
	 */
	private Duration maxLifetime = Duration.ofMinutes(30);

	/**
	 * How often an idle connection is tested to keep it alive and detect a dead one. 0
	 * disables it; otherwise at least 30s and less than the maximum lifetime.
	 */
	private Duration keepaliveTime = Duration.ofMinutes(2);

	/**
	 * Maximum time a connection is tested for aliveness. At least 250ms and less than the
	 * connection timeout.
	 */
	private Duration validationTimeout = Duration.ofSeconds(5);

	/**
	 * Time a connection may stay out of the pool before a possible leak is logged. 0 disables
	 * leak detection; otherwise at least 2s and at most the maximum lifetime.
	 */
	private Duration leakDetectionThreshold = Duration.ZERO;

	/**
	 * How long the pool tries to open its first connection at start before failing. Negative
	 * starts the pool without waiting for the database.
	 */
	private Duration initializationFailTimeout = Duration.ofMillis(1);

	/**
	 * Whether connections from the pool are in auto-commit mode.
	 */
	private boolean autoCommit = true;

	/**
	 * Whether connections from the pool are read-only.
	 */
	private boolean readOnly;

	/**
	 * Whether the pool's own queries (connection test, init SQL) run in their own transaction
	 * when auto-commit is off.
	 */
	private boolean isolateInternalQueries;

	/**
	 * Whether the pool can be suspended and resumed at runtime.
	 */
	private boolean allowPoolSuspension;

	/**
	 * Whether the pool registers its JMX management beans.
	 */
	private boolean registerMbeans;

	/**
	 * Transaction isolation level of connections from the pool. The driver's default when not
	 * set.
	 */
	private TransactionIsolation transactionIsolation;

	/**
	 * Default catalog of connections from the pool. The driver's default when not set.
	 */
	private String catalog;

	/**
	 * Default schema of connections from the pool. The driver's default when not set.
	 */
	private String schema;

	/**
	 * Query that tests a connection for aliveness. Only for drivers without JDBC4
	 * Connection.isValid(); leave unset otherwise.
	 */
	private String connectionTestQuery;

	/**
	 * SQL run on every new connection before it enters the pool.
	 */
	private String connectionInitSql;

	/**
	 * Fully qualified name of a com.zaxxer.hikari.SQLExceptionOverride that decides whether
	 * an exception evicts the connection.
	 */
	private String exceptionOverrideClassName;

	/**
	 * JDBC driver properties passed on every new connection, such as "connectTimeout" or
	 * "sslmode".
	 */
	private Map<String, String> dataSourceProperties = new LinkedHashMap<>();

	/**
	 * Time limits of the pool's connections and work.
	 */
	@NestedConfigurationProperty
	private TimeoutProperties timeouts = new TimeoutProperties();

	/**
	 * Where the pool's credentials come from.
	 */
	@NestedConfigurationProperty
	private CredentialsProperties credentials = new CredentialsProperties();

	/**
	 * TLS of the pool's connections.
	 */
	@NestedConfigurationProperty
	private TlsProperties tls = new TlsProperties();

	/**
	 * Circuit breaker and retry of the pool.
	 */
	@NestedConfigurationProperty
	private ResilienceProperties resilience = new ResilienceProperties();

	/**
	 * Adaptive sizing of the pool.
	 */
	@NestedConfigurationProperty
	private AutoscaleProperties autoscale = new AutoscaleProperties();

	public String getUrl() {
		return this.url;
	}

	public void setUrl(String url) {
		this.url = url;
	}

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	public String getDriverClassName() {
		return this.driverClassName;
	}

	public void setDriverClassName(String driverClassName) {
		this.driverClassName = driverClassName;
	}

	public boolean isPrimary() {
		return this.primary;
	}

	public void setPrimary(boolean primary) {
		this.primary = primary;
	}

	public boolean isLazy() {
		return this.lazy;
	}

	public void setLazy(boolean lazy) {
		this.lazy = lazy;
	}

	public boolean isOptional() {
		return this.optional;
	}

	public void setOptional(boolean optional) {
		this.optional = optional;
	}

	public LeastPrivilegeMode getLeastPrivilege() {
		return this.leastPrivilege;
	}

	public void setLeastPrivilege(LeastPrivilegeMode leastPrivilege) {
		this.leastPrivilege = leastPrivilege;
	}

	public boolean isTransactionPooling() {
		return this.transactionPooling;
	}

	public void setTransactionPooling(boolean transactionPooling) {
		this.transactionPooling = transactionPooling;
	}

	public int getMaximumPoolSize() {
		return this.maximumPoolSize;
	}

	public void setMaximumPoolSize(int maximumPoolSize) {
		this.maximumPoolSize = maximumPoolSize;
	}

	public Integer getMinimumIdle() {
		return this.minimumIdle;
	}

	public void setMinimumIdle(Integer minimumIdle) {
		this.minimumIdle = minimumIdle;
	}

	public Duration getConnectionTimeout() {
		return this.connectionTimeout;
	}

	public void setConnectionTimeout(Duration connectionTimeout) {
		this.connectionTimeout = connectionTimeout;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public Duration getMaxLifetime() {
		return this.maxLifetime;
	}

	public void setMaxLifetime(Duration maxLifetime) {
		this.maxLifetime = maxLifetime;
	}

	public Duration getKeepaliveTime() {
		return this.keepaliveTime;
	}

	public void setKeepaliveTime(Duration keepaliveTime) {
		this.keepaliveTime = keepaliveTime;
	}

	public Duration getValidationTimeout() {
		return this.validationTimeout;
	}

	public void setValidationTimeout(Duration validationTimeout) {
		this.validationTimeout = validationTimeout;
	}

	public Duration getLeakDetectionThreshold() {
		return this.leakDetectionThreshold;
	}

	public void setLeakDetectionThreshold(Duration leakDetectionThreshold) {
		this.leakDetectionThreshold = leakDetectionThreshold;
	}

	public Duration getInitializationFailTimeout() {
		return this.initializationFailTimeout;
	}

	public void setInitializationFailTimeout(Duration initializationFailTimeout) {
		this.initializationFailTimeout = initializationFailTimeout;
	}

	public boolean isAutoCommit() {
		return this.autoCommit;
	}

	public void setAutoCommit(boolean autoCommit) {
		this.autoCommit = autoCommit;
	}

	public boolean isReadOnly() {
		return this.readOnly;
	}

	public void setReadOnly(boolean readOnly) {
		this.readOnly = readOnly;
	}

	public boolean isIsolateInternalQueries() {
		return this.isolateInternalQueries;
	}

	public void setIsolateInternalQueries(boolean isolateInternalQueries) {
		this.isolateInternalQueries = isolateInternalQueries;
	}

	public boolean isAllowPoolSuspension() {
		return this.allowPoolSuspension;
	}

	public void setAllowPoolSuspension(boolean allowPoolSuspension) {
		this.allowPoolSuspension = allowPoolSuspension;
	}

	public boolean isRegisterMbeans() {
		return this.registerMbeans;
	}

	public void setRegisterMbeans(boolean registerMbeans) {
		this.registerMbeans = registerMbeans;
	}

	public TransactionIsolation getTransactionIsolation() {
		return this.transactionIsolation;
	}

	public void setTransactionIsolation(TransactionIsolation transactionIsolation) {
		this.transactionIsolation = transactionIsolation;
	}

	public String getCatalog() {
		return this.catalog;
	}

	public void setCatalog(String catalog) {
		this.catalog = catalog;
	}

	public String getSchema() {
		return this.schema;
	}

	public void setSchema(String schema) {
		this.schema = schema;
	}

	public String getConnectionTestQuery() {
		return this.connectionTestQuery;
	}

	public void setConnectionTestQuery(String connectionTestQuery) {
		this.connectionTestQuery = connectionTestQuery;
	}

	public String getConnectionInitSql() {
		return this.connectionInitSql;
	}

	public void setConnectionInitSql(String connectionInitSql) {
		this.connectionInitSql = connectionInitSql;
	}

	public String getExceptionOverrideClassName() {
		return this.exceptionOverrideClassName;
	}

	public void setExceptionOverrideClassName(String exceptionOverrideClassName) {
		this.exceptionOverrideClassName = exceptionOverrideClassName;
	}

	public TimeoutProperties getTimeouts() {
		return this.timeouts;
	}

	public void setTimeouts(TimeoutProperties timeouts) {
		this.timeouts = timeouts;
	}

	public CredentialsProperties getCredentials() {
		return this.credentials;
	}

	public void setCredentials(CredentialsProperties credentials) {
		this.credentials = credentials;
	}

	public TlsProperties getTls() {
		return this.tls;
	}

	public void setTls(TlsProperties tls) {
		this.tls = tls;
	}

	public ResilienceProperties getResilience() {
		return this.resilience;
	}

	public void setResilience(ResilienceProperties resilience) {
		this.resilience = resilience;
	}

	public AutoscaleProperties getAutoscale() {
		return this.autoscale;
	}

	public void setAutoscale(AutoscaleProperties autoscale) {
		this.autoscale = autoscale;
	}

	public Map<String, String> getDataSourceProperties() {
		return this.dataSourceProperties;
	}

	public void setDataSourceProperties(Map<String, String> dataSourceProperties) {
		this.dataSourceProperties = dataSourceProperties;
	}

	/**
	 * Return a copy of these settings, to bind a pool's own settings onto.
	 */
	PoolProperties copy() {
		PoolProperties copy = new PoolProperties();
		org.springframework.beans.BeanUtils.copyProperties(this, copy);
		copy.setDataSourceProperties(new LinkedHashMap<>(this.dataSourceProperties));
		copy.setTimeouts(this.timeouts.copy());
		copy.setResilience(this.resilience.copy());
		copy.setCredentials(this.credentials.copy());
		copy.setTls(this.tls.copy());
		copy.setAutoscale(this.autoscale.copy());
		return copy;
	}

	@Override
	public String toString() {
		return "PoolProperties[url=" + Secrets.redactUrl(this.url) + ", username="
				+ this.username + ", password=" + ((this.password != null) ? Secrets.MASK : null)
				+ ", maximumPoolSize=" + this.maximumPoolSize + ", minimumIdle=" + this.minimumIdle + "]";
	}

}
