package dev.connmgmt.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connmgmt.pool.HikariConfigCustomizer;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.testing.AutoConfigurationsOf;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(EmbeddedPostgresExtension.class)
class ConnmgmtAutoConfigurationTests {

	private static TestDatabase orders;

	private static TestDatabase billing;

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
				ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
				ConnmgmtTracingAutoConfiguration.class))
		.withConfiguration(AutoConfigurationsOf.of(ImportJdbcAutoConfiguration.class));

	@BeforeAll
	static void createDatabases(EmbeddedPostgresServer server) {
		orders = server.createDatabaseWithOwner("orders");
		billing = server.createDatabaseWithOwner("billing");
	}

	@Test
	void onlyPoolIsThePrimaryDataSourceUnderItsOwnNameAndAsDataSource() {
		this.runner.withPropertyValues(orders.connmgmtPool("orders")).run((context) -> {
			assertThat(context).hasSingleBean(ManagedDataSource.class).hasSingleBean(DataSource.class);
			ManagedDataSource pool = context.getBean("ordersDataSource", ManagedDataSource.class);
			assertThat(pool.getName()).isEqualTo("orders");
			assertThat(context.getBean("dataSource")).isSameAs(pool);
			assertThat(context.getBean(DataSource.class)).isSameAs(pool);
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT current_user", String.class))
				.isEqualTo(orders.owner().name());
		});
	}

	@Test
	void poolsLogInAsTheirOwnRolesAndTheMarkedOneIsPrimary() {
		this.runner.withPropertyValues(orders.connmgmtPool("orders")).withPropertyValues(billing.connmgmtPool("billing"))
			.withPropertyValues("connmgmt.pools.billing.primary=true")
			.run((context) -> {
				assertThat(context.getBeansOfType(ManagedDataSource.class)).containsOnlyKeys("ordersDataSource",
						"billingDataSource");
				DataSource ordersPool = context.getBean("ordersDataSource", DataSource.class);
				DataSource billingPool = context.getBean("billingDataSource", DataSource.class);
				assertThat(new JdbcTemplate(ordersPool).queryForObject("SELECT current_user", String.class))
					.isEqualTo(orders.owner().name());
				assertThat(new JdbcTemplate(billingPool).queryForObject("SELECT current_database()", String.class))
					.isEqualTo(billing.name());
				assertThat(context.getBean(DataSource.class)).isSameAs(billingPool);
				assertThat(context.getBean(JdbcTemplate.class).getDataSource()).isSameAs(billingPool);
			});
	}

	@Test
	void severalPoolsWithoutPrimaryLeaveNoUnqualifiedDataSource() {
		this.runner.withPropertyValues(orders.connmgmtPool("orders")).withPropertyValues(billing.connmgmtPool("billing"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(ManagedDataSource.class)).hasSize(2);
				assertThat(context).doesNotHaveBean(JdbcTemplate.class);
				assertThat(context.containsBean("dataSource")).isFalse();
			});
	}

	@Test
	void defaultsAreHikariCpDefaults() {
		HikariConfig hikari = new HikariConfig();
		PoolProperties pool = new PoolProperties();
		assertThat(pool.getMaximumPoolSize()).isEqualTo(hikari.getMaximumPoolSize());
		assertThat(pool.getConnectionTimeout()).isEqualTo(Duration.ofMillis(hikari.getConnectionTimeout()));
		assertThat(pool.getIdleTimeout()).isEqualTo(Duration.ofMillis(hikari.getIdleTimeout()));
		assertThat(pool.getMaxLifetime()).isEqualTo(Duration.ofMillis(hikari.getMaxLifetime()));
		assertThat(pool.getKeepaliveTime()).isEqualTo(Duration.ofMillis(hikari.getKeepaliveTime()));
		assertThat(pool.getValidationTimeout()).isEqualTo(Duration.ofMillis(hikari.getValidationTimeout()));
		assertThat(pool.getLeakDetectionThreshold()).isEqualTo(Duration.ofMillis(hikari.getLeakDetectionThreshold()));
		assertThat(pool.getInitializationFailTimeout())
			.isEqualTo(Duration.ofMillis(hikari.getInitializationFailTimeout()));
		assertThat(pool.isAutoCommit()).isEqualTo(hikari.isAutoCommit());
		assertThat(pool.isReadOnly()).isEqualTo(hikari.isReadOnly());
		assertThat(pool.isRegisterMbeans()).isEqualTo(hikari.isRegisterMbeans());
		assertThat(pool.isAllowPoolSuspension()).isEqualTo(hikari.isAllowPoolSuspension());
		assertThat(pool.isIsolateInternalQueries()).isEqualTo(hikari.isIsolateInternalQueries());
		this.runner.withPropertyValues(orders.connmgmtPool("orders")).run((context) -> {
			HikariDataSource configured = context.getBean(ManagedDataSource.class).getHikariDataSource();
			assertThat(configured.getMaximumPoolSize()).isEqualTo(10);
			assertThat(configured.getMinimumIdle()).isEqualTo(10);
			assertThat(configured.getConnectionTimeout()).isEqualTo(30_000);
			assertThat(configured.getKeepaliveTime()).isEqualTo(120_000);
			assertThat(configured.getPoolName()).isEqualTo("orders");
		});
	}

	@Test
	void everySettingReachesHikariCp() {
		this.runner.withPropertyValues(orders.connmgmtPool("orders"))
			.withPropertyValues("connmgmt.pools.orders.maximum-pool-size=7", "connmgmt.pools.orders.minimum-idle=2",
					"connmgmt.pools.orders.connection-timeout=2s", "connmgmt.pools.orders.idle-timeout=45s",
					"connmgmt.pools.orders.max-lifetime=20m", "connmgmt.pools.orders.keepalive-time=1m",
					"connmgmt.pools.orders.validation-timeout=750ms",
					"connmgmt.pools.orders.leak-detection-threshold=10s",
					"connmgmt.pools.orders.initialization-fail-timeout=-1",
					"connmgmt.pools.orders.auto-commit=false", "connmgmt.pools.orders.read-only=true",
					"connmgmt.pools.orders.isolate-internal-queries=true",
					"connmgmt.pools.orders.allow-pool-suspension=true",
					"connmgmt.pools.orders.transaction-isolation=repeatable-read",
					"connmgmt.pools.orders.schema=public",
					"connmgmt.pools.orders.connection-init-sql=SET application_name TO 'init-sql-ran'")
			.run((context) -> {
				HikariDataSource hikari = context.getBean(ManagedDataSource.class).getHikariDataSource();
				assertThat(hikari.getMaximumPoolSize()).isEqualTo(7);
				assertThat(hikari.getMinimumIdle()).isEqualTo(2);
				assertThat(hikari.getConnectionTimeout()).isEqualTo(2_000);
				assertThat(hikari.getIdleTimeout()).isEqualTo(45_000);
				assertThat(hikari.getMaxLifetime()).isEqualTo(1_200_000);
				assertThat(hikari.getKeepaliveTime()).isEqualTo(60_000);
				assertThat(hikari.getValidationTimeout()).isEqualTo(750);
				assertThat(hikari.getLeakDetectionThreshold()).isEqualTo(10_000);
				assertThat(hikari.getInitializationFailTimeout()).isEqualTo(-1);
				assertThat(hikari.isAutoCommit()).isFalse();
				assertThat(hikari.isReadOnly()).isTrue();
				assertThat(hikari.isIsolateInternalQueries()).isTrue();
				assertThat(hikari.isAllowPoolSuspension()).isTrue();
				assertThat(hikari.getTransactionIsolation()).isEqualTo("TRANSACTION_REPEATABLE_READ");
				assertThat(hikari.getSchema()).isEqualTo("public");
				// connmgmt runs connection-init-sql inside its own login, so that a rotation retires it too
				assertThat(new JdbcTemplate(hikari).queryForObject("SHOW application_name", String.class))
					.isEqualTo("init-sql-ran");
				assertThat(new JdbcTemplate(hikari).queryForObject("SHOW transaction_isolation", String.class))
					.isEqualTo("repeatable read");
			});
	}

	@Test
	void poolDefaultsApplyToEveryPoolAndEachPoolOverridesThem() {
		this.runner.withPropertyValues(orders.connmgmtPool("orders")).withPropertyValues(billing.connmgmtPool("billing"))
			.withPropertyValues("connmgmt.pool-defaults.maximum-pool-size=3",
					"connmgmt.pool-defaults.connection-timeout=5s",
					"connmgmt.pool-defaults.data-source-properties.ApplicationName=shared",
					"connmgmt.pools.billing.maximum-pool-size=6", "connmgmt.pools.orders.primary=true")
			.run((context) -> {
				HikariDataSource ordersPool = context.getBean("ordersDataSource", ManagedDataSource.class)
					.getHikariDataSource();
				HikariDataSource billingPool = context.getBean("billingDataSource", ManagedDataSource.class)
					.getHikariDataSource();
				assertThat(ordersPool.getMaximumPoolSize()).isEqualTo(3);
				assertThat(billingPool.getMaximumPoolSize()).isEqualTo(6);
				assertThat(ordersPool.getConnectionTimeout()).isEqualTo(5_000);
				assertThat(billingPool.getConnectionTimeout()).isEqualTo(5_000);
				assertThat(new JdbcTemplate(billingPool).queryForObject("SHOW application_name", String.class))
					.isEqualTo("shared");
			});
	}

	@Test
	void driverPropertiesReachTheDriver() {
		this.runner.withPropertyValues(orders.connmgmtPool("orders"))
			.withPropertyValues("connmgmt.pools.orders.data-source-properties.ApplicationName=orders-service",
					"connmgmt.pools.orders.data-source-properties.options=-c statement_timeout=1234")
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				assertThat(jdbc.queryForObject("SHOW application_name", String.class)).isEqualTo("orders-service");
				assertThat(jdbc.queryForObject("SHOW statement_timeout", String.class)).isEqualTo("1234ms");
			});
	}

	@Test
	void transactionPoolingKeepsStatementsOffTheServerSession() {
		String reuse = "SELECT count(*) FROM pg_prepared_statements";
		this.runner.withPropertyValues(orders.connmgmtPool("orders"))
			.withPropertyValues(billing.connmgmtPool("billing"))
			.withPropertyValues("connmgmt.pools.orders.transaction-pooling=true", "connmgmt.pools.orders.primary=true")
			.run((context) -> {
				assertThat(preparedOnServer(context.getBean("ordersDataSource", DataSource.class), reuse)).isZero();
				assertThat(preparedOnServer(context.getBean("billingDataSource", DataSource.class), reuse)).isPositive();
			});
	}

	private static int preparedOnServer(DataSource dataSource, String sql) throws java.sql.SQLException {
		try (java.sql.Connection connection = dataSource.getConnection();
				java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
			int count = 0;
			for (int i = 0; i < 10; i++) {
				try (java.sql.ResultSet result = statement.executeQuery()) {
					result.next();
					count = result.getInt(1);
				}
			}
			return count;
		}
	}

	@Test
	void customizersAdjustEveryPool() {
		this.runner.withPropertyValues(orders.connmgmtPool("orders"))
			.withBean(HikariConfigCustomizer.class,
					() -> (name, config) -> config.setConnectionTestQuery("SELECT '" + name + "'"))
			.run((context) -> assertThat(
					context.getBean(ManagedDataSource.class).getHikariDataSource().getConnectionTestQuery())
				.isEqualTo("SELECT 'orders'"));
	}

	@Test
	void unwrapsToHikariForSpringBootMetricsAndMetadata() throws Exception {
		this.runner.withPropertyValues(orders.connmgmtPool("orders")).run((context) -> {
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			assertThat(DataSourceUnwrapper.unwrap(pool, com.zaxxer.hikari.HikariConfigMXBean.class,
					HikariDataSource.class))
				.isSameAs(pool.getHikariDataSource());
			assertThat(pool.isWrapperFor(HikariDataSource.class)).isTrue();
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnDataSource() {
		this.runner.withPropertyValues(orders.connmgmtPool("orders"))
			.withUserConfiguration(UserDataSourceConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ManagedDataSource.class);
				assertThat(context).hasSingleBean(DataSource.class);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(SimpleDriverDataSource.class);
			});
	}

	@Test
	void backsOffWithoutHikariCp() {
		this.runner.withClassLoader(new FilteredClassLoader(HikariDataSource.class))
			.withPropertyValues(orders.connmgmtPool("orders"))
			.run((context) -> assertThat(context).doesNotHaveBean(ManagedDataSource.class));
	}

	@Test
	void offSwitchLeavesSpringBootsOwnDataSource() {
		this.runner.withPropertyValues("connmgmt.enabled=false", "spring.datasource.url=" + orders.jdbcUrl(),
				"spring.datasource.username=" + orders.owner().name(),
				"spring.datasource.password=" + orders.owner().password())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ManagedDataSource.class);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
			});
	}

	@Test
	void springDataSourcePropertiesAreManagedAsPoolDefault() {
		this.runner.withPropertyValues("spring.datasource.url=" + orders.jdbcUrl(),
				"spring.datasource.username=" + orders.owner().name(),
				"spring.datasource.password=" + orders.owner().password(),
				"spring.datasource.hikari.maximum-pool-size=3")
			.run((context) -> {
				ManagedDataSource pool = context.getBean(ManagedDataSource.class);
				assertThat(pool.getName()).isEqualTo("default");
				assertThat(context.getBean("dataSource")).isSameAs(pool);
				assertThat(context.getBean("defaultDataSource")).isSameAs(pool);
				assertThat(pool.getHikariDataSource().getMaximumPoolSize()).isEqualTo(3);
				assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT current_user", String.class))
					.isEqualTo(orders.owner().name());
			});
	}

	@Test
	void embeddedH2WithoutAnyPropertyIsManagedAsPoolDefault() {
		this.runner.run((context) -> {
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			assertThat(pool.getName()).isEqualTo("default");
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT 1 + 1", Integer.class)).isEqualTo(2);
		});
	}

	@Test
	void secretsStayOutOfToString() {
		this.runner.withPropertyValues(orders.connmgmtPool("orders")).run((context) -> {
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			assertThat(pool.toString()).contains("orders").doesNotContain(orders.owner().password());
			assertThat(pool.getCredentialSource().toString()).doesNotContain(orders.owner().password());
			assertThat(context.getBean(ConnmgmtProperties.class).getPools().get("orders").toString())
				.doesNotContain(orders.owner().password());
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserDataSourceConfiguration {

		@Bean
		SimpleDriverDataSource userDataSource() {
			return new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:user");
		}

	}

}
