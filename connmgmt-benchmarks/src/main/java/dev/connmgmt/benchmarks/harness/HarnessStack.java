package dev.connmgmt.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import dev.connmgmt.benchmarks.BenchmarkApplication;
import dev.connmgmt.test.postgres.TestRole;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The stacks the harness compares, each given the same {@link PoolSpec}.
 */
enum HarnessStack {

	/**
	 * HikariCP alone, configured by hand. It rotates credentials the only way HikariCP 6.3
	 * can: new credentials on its configuration bean, then a soft eviction of every
	 * connection.
	 */
	RAW_HIKARICP {
		@Override
		Pool open(PoolSpec spec) {
			HikariConfig config = new HikariConfig();
			config.setPoolName("raw");
			config.setJdbcUrl(spec.url());
			if (spec.driverClassName() != null) {
				config.setDriverClassName(spec.driverClassName());
			}
			config.setUsername(spec.role().name());
			config.setPassword(spec.role().password());
			config.setMaximumPoolSize(spec.maximumPoolSize());
			config.setMinimumIdle(spec.minimumIdle());
			config.setConnectionTimeout(spec.connectionTimeout().toMillis());
			config.setValidationTimeout(spec.validationTimeout().toMillis());
			if (spec.connectTimeout() != null) {
				String seconds = Long.toString(spec.connectTimeout().toSeconds());
				config.addDataSourceProperty("connectTimeout", seconds);
				config.addDataSourceProperty("loginTimeout", seconds);
			}
			HikariDataSource dataSource = new HikariDataSource(config);
			return new Pool(dataSource, dataSource, dataSource::close);
		}

		@Override
		void rotate(Pool pool, PoolSpec spec, TestRole next) {
			pool.hikari().getHikariConfigMXBean().setCredentials(Credentials.of(next.name(), next.password()));
			pool.hikari().getHikariPoolMXBean().softEvictConnections();
		}
	},

	/**
	 * connmgmt's default stack from {@code connmgmt.pools.harness.*}. It rotates credentials
	 * by itself when the mounted secret it watches changes.
	 */
	CONNMGMT_DEFAULT {
		@Override
		Pool open(PoolSpec spec) throws Exception {
			String prefix = "connmgmt.pools.harness.";
			List<String> properties = new ArrayList<>(List.of(prefix + "url=" + spec.url(),
					prefix + "maximum-pool-size=" + spec.maximumPoolSize(),
					prefix + "minimum-idle=" + spec.minimumIdle(),
					prefix + "connection-timeout=" + spec.connectionTimeout().toMillis() + "ms",
					prefix + "validation-timeout=" + spec.validationTimeout().toMillis() + "ms"));
			if (spec.driverClassName() != null) {
				properties.add(prefix + "driver-class-name=" + spec.driverClassName());
			}
			if (spec.connectTimeout() != null) {
				properties.add(prefix + "timeouts.connect=" + spec.connectTimeout().toMillis() + "ms");
			}
			if (spec.secret() != null) {
				SecretMount.mount(spec.secret(), spec.role());
				properties.addAll(List.of(prefix + "credentials.source=file",
						prefix + "credentials.file.username-path=" + spec.secret().resolve("username"),
						prefix + "credentials.file.password-path=" + spec.secret().resolve("password")));
			}
			else {
				properties.addAll(List.of(prefix + "username=" + spec.role().name(),
						prefix + "password=" + spec.role().password()));
			}
			ConfigurableApplicationContext context = BenchmarkApplication.start(properties.toArray(String[]::new));
			DataSource dataSource = context.getBean(DataSource.class);
			return new Pool(dataSource, dataSource.unwrap(HikariDataSource.class), context::close);
		}

		@Override
		void rotate(Pool pool, PoolSpec spec, TestRole next) throws Exception {
			SecretMount.mount(spec.secret(), next);
		}
	};

	/**
	 * Open a pool and let it fill.
	 * @param spec its settings
	 * @return the open pool
	 * @throws Exception when it cannot start
	 */
	abstract Pool open(PoolSpec spec) throws Exception;

	/**
	 * Move a pool to another role's credentials, the way this stack can.
	 * @param pool the pool
	 * @param spec the settings it was opened with
	 * @param next the role to log in as from now on
	 * @throws Exception when the rotation cannot be started
	 */
	abstract void rotate(Pool pool, PoolSpec spec, TestRole next) throws Exception;

	/**
	 * An open pool.
	 *
	 * @param dataSource where connections are borrowed
	 * @param hikari the HikariCP pool inside
	 * @param close closes the pool (and its application)
	 */
	record Pool(DataSource dataSource, HikariDataSource hikari, AutoCloseable close) {
	}

}
