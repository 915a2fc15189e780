package dev.connmgmt.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.connmgmt.lifecycle.PoolSizeAdvisor;
import dev.connmgmt.lifecycle.PoolStarter;
import dev.connmgmt.pool.AcquisitionGuardFactory;
import dev.connmgmt.pool.HikariConfigCustomizer;
import dev.connmgmt.observability.AutoscaleMetrics;
import dev.connmgmt.observability.ConnectionMetrics;
import dev.connmgmt.observability.ShardTagMeterFilter;
import dev.connmgmt.observability.TracingAcquisitionObserver;
import dev.connmgmt.pool.PoolAutoscalers;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.ManagedPools;
import dev.connmgmt.resilience.CircuitBreakerAcquisitionGuard;
import dev.connmgmt.resilience.ConnmgmtTransactions;
import dev.connmgmt.resilience.StatementCanceller;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import dev.connmgmt.failure.SqlFailureClassifier;
import dev.connmgmt.failure.SqlFailures;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.tracing.Tracer;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerProperties;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.core.VaultOperations;

/**
 * Auto-configuration of connmgmt's named pools: one HikariCP pool per
 * {@code connmgmt.pools.<name>}, or the {@code spring.datasource.*} pool managed as pool
 * {@code default}. Backs off when the application defines its own {@link DataSource}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class,
		afterName = { "io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
				"io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration",
				"io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration" })
@ConditionalOnClass({ DataSource.class, HikariDataSource.class, EmbeddedDatabaseType.class })
@ConditionalOnProperty(prefix = ConnmgmtProperties.PREFIX, name = "enabled", matchIfMissing = true)
@ConditionalOnMissingBean(DataSource.class)
@EnableConfigurationProperties({ ConnmgmtProperties.class, DataSourceProperties.class })
@Import(PoolBeanRegistrar.class)
public class ConnmgmtAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SqlFailures connmgmtSqlFailures(ObjectProvider<SqlFailureClassifier> classifiers) {
		return new SqlFailures(classifiers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	PoolDataSourceFactory connmgmtPoolDataSourceFactory(ObjectProvider<HikariConfigCustomizer> customizers,
			SqlFailures failures, ObjectProvider<AcquisitionGuardFactory> guards, PoolAutoscalers autoscalers,
			ResourceLoader resourceLoader, ObjectProvider<VaultCredentialSourceFactory> vaultSources) {
		return new PoolDataSourceFactory(customizers, failures, guards, autoscalers, resourceLoader.getClassLoader(),
				vaultSources);
	}

	@Bean
	@ConditionalOnMissingBean
	PoolAutoscalers connmgmtPoolAutoscalers() {
		return new PoolAutoscalers(PoolStarter.PHASE + 2);
	}

	@Bean
	@ConditionalOnMissingBean
	PoolStarter connmgmtPoolStarter(ManagedPools pools) {
		return new PoolStarter(pools);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = ConnmgmtProperties.PREFIX, name = "drain.enabled", matchIfMissing = true)
	PoolDrainer connmgmtPoolDrainer(ManagedPools pools, ApplicationEventPublisher events,
			ConnmgmtProperties properties) {
		return new PoolDrainer(pools, events, properties.getDrain().getReadinessGrace(),
				properties.getDrain().getTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	PoolSizeAdvisor connmgmtPoolSizeAdvisor(ManagedPools pools, ConnmgmtProperties properties,
			ApplicationContext context, ObjectProvider<ServerProperties> server) {
		ConnmgmtProperties.Fleet fleet = properties.getFleet();
		return new PoolSizeAdvisor(pools, fleet.getReplicas(), fleet.getDatabaseCores(), fleet.getSpindles(),
				() -> webThreads(context, server.getIfAvailable()));
	}

	private static int webThreads(ApplicationContext context, ServerProperties server) {
		if (server == null || !(context instanceof WebServerApplicationContext)
				|| ((WebServerApplicationContext) context).getWebServer() == null) {
			return 0;
		}
		String webServer = ((WebServerApplicationContext) context).getWebServer().getClass().getSimpleName();
		if (webServer.startsWith("Tomcat")) {
			return server.getTomcat().getThreads().getMax();
		}
		if (webServer.startsWith("Jetty")) {
			return server.getJetty().getThreads().getMax();
		}
		return 0;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	static class TracingConfiguration {

		@Bean
		static BeanPostProcessor connmgmtAcquisitionTracing(ObjectProvider<Tracer> tracer) {
			return new BeanPostProcessor() {

				// before initialization: the pool itself, before any library wraps it in a proxy
				@Override
				public Object postProcessBeforeInitialization(Object bean, String beanName) {
					if (bean instanceof ManagedDataSource pool) {
						Tracer available = tracer.getIfAvailable();
						if (available != null && available != Tracer.NOOP) {
							pool.setAcquisitionObserver(new TracingAcquisitionObserver(available));
						}
					}
					return bean;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AutoscaleMetrics connmgmtAutoscaleMetrics(PoolAutoscalers autoscalers) {
			return new AutoscaleMetrics(autoscalers);
		}

		@Bean
		static ShardTagMeterFilter connmgmtShardTagMeterFilter(Environment environment) {
			Map<String, String> groupsByPool = new LinkedHashMap<>();
			Binder.get(environment)
				.bind(ConnmgmtProperties.PREFIX + ".shards", Bindable.mapOf(String.class, ShardGroupProperties.class))
				.orElseGet(Map::of)
				.forEach((group, shards) -> shards.getPools().forEach((pool) -> groupsByPool.put(pool, group)));
			return new ShardTagMeterFilter(groupsByPool);
		}

		@Bean
		@ConditionalOnMissingBean
		ConnectionMetrics connmgmtConnectionMetrics(ManagedPools pools, SqlFailures failures) {
			return new ConnectionMetrics(pools.all(), failures);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ CircuitBreakerRegistry.class, CircuitBreakerProperties.class, RetryProperties.class,
			TimeLimiterRegistry.class })
	static class ResilienceConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(CircuitBreakerRegistry.class)
		AcquisitionGuardFactory connmgmtAcquisitionGuardFactory(CircuitBreakerRegistry registry) {
			return (pool, breaker) -> new CircuitBreakerAcquisitionGuard(pool, registry.circuitBreaker(breaker));
		}

		@Bean
		@ConditionalOnMissingBean
		StatementCanceller connmgmtStatementCanceller() {
			return new StatementCanceller();
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(RetryRegistry.class)
		ConnmgmtTransactions connmgmtTransactions(ManagedPools pools, RetryRegistry retries,
				ObjectProvider<TimeLimiterRegistry> timeLimiters, StatementCanceller canceller, PoolSettings settings) {
			return PoolTransactionsFactory.create(pools, retries,
					timeLimiters.getIfAvailable(), canceller, settings);
		}

	}


	/**
	 * Vault credential sources, on the application's Spring Cloud Vault client. Neither
	 * Spring Vault nor Spring Cloud Vault comes with connmgmt-starter: without them, a pool
	 * with {@code credentials.source=vault} stops startup, naming the dependency to add.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(VaultOperations.class)
	static class VaultCredentialsConfiguration {

		@Bean
		@ConditionalOnMissingBean(VaultCredentialSourceFactory.class)
		VaultCredentialSources connmgmtVaultCredentialSources(
				ObjectProvider<VaultOperations> vault,
				ObjectProvider<SessionManager> sessions,
				Environment environment, ResourceLoader resourceLoader) {
			return new VaultCredentialSources(vault, sessions, environment, resourceLoader.getClassLoader());
		}

	}

}
