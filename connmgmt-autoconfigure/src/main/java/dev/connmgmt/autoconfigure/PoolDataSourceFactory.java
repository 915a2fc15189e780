package dev.connmgmt.autoconfigure;

import java.sql.Driver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.zaxxer.hikari.HikariConfig;
import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.failure.SqlFailures;
import dev.connmgmt.internal.credentials.FileCredentialSource;
import dev.connmgmt.internal.credentials.StaticCredentialSource;
import dev.connmgmt.internal.pool.AcquisitionGuard;
import dev.connmgmt.internal.pool.AcquisitionGuardFactory;
import dev.connmgmt.internal.pool.AcquisitionObserver;
import dev.connmgmt.internal.pool.DriverTimeouts;
import dev.connmgmt.internal.pool.JdbcDrivers;
import dev.connmgmt.internal.resilience.EvictionOverride;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import dev.connmgmt.pool.HikariConfigCustomizer;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.PhysicalConnectionFactory;
import dev.connmgmt.pool.PoolAutoscaler;
import dev.connmgmt.pool.PoolAutoscalers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Creates the {@link ManagedDataSource} of each pool from its properties: the HikariCP
 * settings go to HikariCP, the URL, driver, driver properties and credentials to the pool's
 * {@link PhysicalConnectionFactory}.
 *
 * @since 0.1.0
 */
class PoolDataSourceFactory {

	/**
	 * The name of the pool managed from {@code spring.datasource.*}.
	 */
	public static final String DEFAULT_POOL = "default";

	/**
	 * Leaves settings that are not written to HikariCP's defaults. Spring Boot 4's mapper
	 * does so by default; Spring Boot 3's needs to be told, and only this form says it on
	 * both.
	 */
	private static final PropertyMapper.SourceOperator SKIP_NULLS = new PropertyMapper.SourceOperator() {

		@Override
		public <T> PropertyMapper.Source<T> apply(PropertyMapper.Source<T> source) {
			return source.when(Objects::nonNull);
		}

	};

	private final ObjectProvider<HikariConfigCustomizer> customizers;

	private final SqlFailures failures;

	private final ObjectProvider<AcquisitionGuardFactory> guards;

	private final ObjectProvider<AcquisitionObserver> observers;

	private final PoolAutoscalers autoscalers;

	private final ClassLoader classLoader;

	private final ObjectProvider<VaultCredentialSourceFactory> vaultSources;

	PoolDataSourceFactory(ObjectProvider<HikariConfigCustomizer> customizers, SqlFailures failures,
			ObjectProvider<AcquisitionGuardFactory> guards, ObjectProvider<AcquisitionObserver> observers,
			PoolAutoscalers autoscalers, ClassLoader classLoader,
			ObjectProvider<VaultCredentialSourceFactory> vaultSources) {
		this.vaultSources = vaultSources;
		this.customizers = customizers;
		this.failures = failures;
		this.guards = guards;
		this.observers = observers;
		this.autoscalers = autoscalers;
		this.classLoader = classLoader;
	}

	ManagedDataSource create(String name, PoolProperties pool) {
		HikariConfig config = new HikariConfig();
		PropertyMapper map = PropertyMapper.get().alwaysApplying(SKIP_NULLS);
		map.from(pool::getMaximumPoolSize).to(config::setMaximumPoolSize);
		map.from(pool.getMinimumIdle() != null ? pool.getMinimumIdle() : pool.getMaximumPoolSize())
			.to(config::setMinimumIdle);
		map.from(pool::getConnectionTimeout).asInt(java.time.Duration::toMillis).to(config::setConnectionTimeout);
		map.from(pool::getIdleTimeout).as(java.time.Duration::toMillis).to(config::setIdleTimeout);
		map.from(pool::getMaxLifetime).as(java.time.Duration::toMillis).to(config::setMaxLifetime);
		map.from(pool::getKeepaliveTime).as(java.time.Duration::toMillis).to(config::setKeepaliveTime);
		map.from(pool::getValidationTimeout).as(java.time.Duration::toMillis).to(config::setValidationTimeout);
		map.from(pool::getLeakDetectionThreshold).as(java.time.Duration::toMillis).to(config::setLeakDetectionThreshold);
		map.from(pool::getInitializationFailTimeout).as(java.time.Duration::toMillis).to(config::setInitializationFailTimeout);
		map.from(pool::isAutoCommit).to(config::setAutoCommit);
		map.from(pool::isReadOnly).to(config::setReadOnly);
		map.from(pool::isIsolateInternalQueries).to(config::setIsolateInternalQueries);
		map.from(pool::isAllowPoolSuspension).to(config::setAllowPoolSuspension);
		map.from(pool::isRegisterMbeans).to(config::setRegisterMbeans);
		map.from(pool::getTransactionIsolation).as((isolation) -> "TRANSACTION_" + isolation.name()).to(config::setTransactionIsolation);
		map.from(pool::getCatalog).to(config::setCatalog);
		map.from(pool::getSchema).to(config::setSchema);
		map.from(pool::getConnectionTestQuery).to(config::setConnectionTestQuery);
		map.from(pool::getConnectionInitSql).to(config::setConnectionInitSql);
		map.from(pool::getExceptionOverrideClassName).to(config::setExceptionOverrideClassName);
		Driver driver = JdbcDrivers.load(DriverClassNames.of(pool.getDriverClassName(), pool.getUrl()),
				pool.getUrl(), this.classLoader);
		Map<String, String> driverProperties = pool.getDataSourceProperties();
		TimeoutProperties timeouts = pool.getTimeouts();
		if (DriverTimeouts.supports(driver.getClass().getName())) {
			driverProperties = DriverTimeouts.apply(driverProperties, timeouts.getConnect(), timeouts.getSocket(),
					timeouts.getQuery());
		}
		if (pool.isTransactionPooling()) {
			driverProperties = TransactionPoolingValidator.driverProperties(driverProperties);
		}
		CredentialSource credentials = credentialSource(name, pool);
		ManagedDataSource dataSource;
		try {
			PhysicalConnectionFactory connectionFactory = new PhysicalConnectionFactory(name, driver, pool.getUrl(),
					driverProperties, credentials, this.failures);
			dataSource = create(name, config, connectionFactory, pool.isLazy(), pool.getResilience());
		}
		catch (RuntimeException | Error ex) {
			closeQuietly(credentials, ex);
			throw ex;
		}
		AutoscaleProperties autoscale = pool.getAutoscale();
		if (autoscale.isEnabled()) {
			int floor = Math.max(1, (pool.getMinimumIdle() != null) ? pool.getMinimumIdle() : 1);
			this.autoscalers.add(new PoolAutoscaler(dataSource,
					new PoolAutoscaler.Settings(autoscale.getMax(), floor, autoscale.getTargetWait(),
							autoscale.getScaleUpStep(), autoscale.getScaleDownStep(), autoscale.getCooldown(),
							autoscale.getInterval())));
		}
		return dataSource;
	}

	private CredentialSource credentialSource(String name, PoolProperties pool) {
		ClientCertificateProperties certificate = pool.getTls().getClientCertificate();
		if (certificate.getSource() != ClientCertificateProperties.Source.VAULT) {
			return passwordSource(name, pool);
		}
		VaultCredentialSourceFactory vault = vault(name, "tls.client-certificate.source",
				"logs in with a client certificate from Vault", "none");
		CredentialSource base = (pool.getCredentials().getSource() == CredentialsProperties.Source.STATIC)
				? new StaticCredentialSource(ClientCertificateValidator.commonName(pool, certificate), pool.getPassword())
				: passwordSource(name, pool);
		try {
			return vault.withClientCertificate(name, pool, certificate, base);
		}
		catch (RuntimeException | Error ex) {
			closeQuietly(base, ex);
			throw ex;
		}
	}

	/**
	 * Close a credential source the pool will never use, since its creation failed: a
	 * Vault source would otherwise go on renewing its lease, and keep the database role it
	 * names, after the application failed to start.
	 */
	private static void closeQuietly(CredentialSource source, Throwable failure) {
		if (source instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				failure.addSuppressed(ex);
			}
		}
	}

	private VaultCredentialSourceFactory vault(String name, String key, String what, String otherwise) {
		VaultCredentialSourceFactory vault = this.vaultSources.getIfAvailable();
		if (vault == null && ClassUtils.isPresent("org.springframework.vault.core.VaultOperations", this.classLoader)) {
			String property = PoolPropertiesValidator.path(name, key);
			throw new InvalidPoolConfigurationException(property, "Pool '" + name + "' " + what + " (" + property
					+ "=vault), but " + ConnmgmtVaultAutoConfiguration.class.getSimpleName() + " is excluded.",
					"Remove " + ConnmgmtVaultAutoConfiguration.class.getName()
							+ " from the excluded auto-configurations, or set " + property + "=" + otherwise + ".");
		}
		if (vault == null) {
			throw VaultCredentialSourceFactory.springCloudVaultMissing(name, key, what);
		}
		return vault;
	}

	private CredentialSource passwordSource(String name, PoolProperties pool) {
		CredentialsProperties credentials = pool.getCredentials();
		if (credentials.getSource() == CredentialsProperties.Source.VAULT) {
			return vault(name, "credentials.source", "reads its credentials from Vault", "static").create(name, pool);
		}
		if (credentials.getSource() == CredentialsProperties.Source.FILE) {
			return new FileCredentialSource(name, credentials.getFile().getUsernamePath(),
					credentials.getFile().getPasswordPath(), credentials.getFile().getPollInterval());
		}
		return new StaticCredentialSource(pool.getUsername(), pool.getPassword());
	}

	/**
	 * Create the pool managed from {@code spring.datasource.*} and
	 * {@code spring.datasource.hikari.*}, as Spring Boot would configure it. Like Spring
	 * Boot's, it starts on first use.
	 */
	ManagedDataSource createDefault(SpringDataSourceConnection properties, Environment environment) {
		HikariConfig config = new HikariConfig();
		Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(config));
		String url = (config.getJdbcUrl() != null) ? config.getJdbcUrl() : properties.url();
		String username = (config.getUsername() != null) ? config.getUsername() : properties.username();
		String password = (config.getPassword() != null) ? config.getPassword() : properties.password();
		String driverClassName = (config.getDriverClassName() != null) ? config.getDriverClassName()
				: properties.driverClassName();
		Map<String, String> driverProperties = new LinkedHashMap<>();
		config.getDataSourceProperties().forEach((key, value) -> driverProperties.put(key.toString(), value.toString()));
		config.setJdbcUrl(null);
		config.setUsername(null);
		config.setPassword(null);
		config.setDataSourceProperties(new java.util.Properties());
		Driver driver = JdbcDrivers.load(driverClassName, url, this.classLoader);
		PhysicalConnectionFactory connectionFactory = new PhysicalConnectionFactory(DEFAULT_POOL, driver, url,
				driverProperties, new StaticCredentialSource(username, password), this.failures);
		return create(DEFAULT_POOL, config, connectionFactory, true, new ResilienceProperties());
	}

	private ManagedDataSource create(String name, HikariConfig config, PhysicalConnectionFactory connectionFactory,
			boolean lazy, ResilienceProperties resilience) {
		if (config.getExceptionOverrideClassName() == null) {
			config.setExceptionOverride(new EvictionOverride(this.failures, connectionFactory::connectionLost));
		}
		this.customizers.orderedStream().forEach((customizer) -> customizer.customize(name, config));
		AcquisitionGuardFactory guards = resilience.isEnabled() ? this.guards.getIfAvailable() : null;
		AcquisitionGuard guard = (guards != null) ? guards.create(name, resilience.circuitBreakerName(name)) : null;
		try {
			return new ManagedDataSource(name, config, connectionFactory, lazy, guard, this.observers.getIfAvailable());
		}
		catch (RuntimeException | Error ex) {
			if (guard != null) {
				guard.close();
			}
			throw ex;
		}
	}

}
