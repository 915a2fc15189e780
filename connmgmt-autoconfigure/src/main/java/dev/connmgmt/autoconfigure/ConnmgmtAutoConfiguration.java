package dev.connmgmt.autoconfigure;

import java.util.LinkedHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.connmgmt.failure.SqlFailureClassifier;
import dev.connmgmt.failure.SqlFailures;
import dev.connmgmt.internal.lifecycle.PoolSizeAdvisor;
import dev.connmgmt.internal.lifecycle.PoolStarter;
import dev.connmgmt.internal.pool.AcquisitionGuardFactory;
import dev.connmgmt.internal.pool.AcquisitionObserver;
import dev.connmgmt.pool.HikariConfigCustomizer;
import dev.connmgmt.pool.ManagedPools;
import dev.connmgmt.pool.PoolAutoscalers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

/**
 * Auto-configuration of connmgmt's named pools: one HikariCP pool per
 * {@code connmgmt.pools.<name>}, or the {@code spring.datasource.*} pool managed as pool
 * {@code default}. Backs off when the application defines its own {@link DataSource}.
 * Resilience, Vault credentials, metrics and tracing each have their own
 * auto-configuration, which can be excluded alone.
 *
 * @since 0.1.0
 */
@AutoConfiguration(beforeName = SpringDataSourceSupport.AUTO_CONFIGURATION,
		afterName = { "io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
				"io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration",
				"io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration",
				"io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
				"io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration",
				"io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration" })
@ConditionalOnClass({ DataSource.class, HikariDataSource.class, EmbeddedDatabaseType.class })
@ConditionalOnProperty(prefix = ConnmgmtProperties.PREFIX, name = "enabled", matchIfMissing = true)
@ConditionalOnMissingBean(DataSource.class)
@EnableConfigurationProperties(ConnmgmtProperties.class)
@Import({ PoolBeanRegistrar.class, SpringDataSourceSupport.class })
public class ConnmgmtAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SqlFailures connmgmtSqlFailures(ObjectProvider<SqlFailureClassifier> classifiers) {
		return new SqlFailures(classifiers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	PoolDataSourceFactory connmgmtPoolDataSourceFactory(ObjectProvider<HikariConfigCustomizer> customizers,
			SqlFailures failures, ObjectProvider<AcquisitionGuardFactory> guards,
			ObjectProvider<AcquisitionObserver> observers, PoolAutoscalers autoscalers, ResourceLoader resourceLoader,
			ObjectProvider<VaultCredentialSourceFactory> vaultSources) {
		return new PoolDataSourceFactory(customizers, failures, guards, observers, autoscalers,
				resourceLoader.getClassLoader(), vaultSources);
	}

	/**
	 * Makes the {@link ConnmgmtProperties} bean, which {@code /actuator/configprops} shows,
	 * carry the pools as they run: pool defaults merged in and unwritten settings derived,
	 * the very settings each pool was built from, instead of only what was written under
	 * each pool.
	 */
	@Bean
	static BeanPostProcessor connmgmtEffectivePoolSettings(ObjectProvider<PoolSettings> settings) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				PoolSettings effective = (bean instanceof ConnmgmtProperties) ? settings.getIfAvailable() : null;
				if (effective != null && !effective.pools().isEmpty()) {
					((ConnmgmtProperties) bean).setPools(new LinkedHashMap<>(effective.pools()));
				}
				return bean;
			}

		};
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
	PoolAuditor connmgmtPoolAuditor(ManagedPools pools, PoolSettings settings) {
		return new PoolAuditor(pools, settings);
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
			ApplicationContext context, Environment environment) {
		ConnmgmtProperties.Fleet fleet = properties.getFleet();
		return new PoolSizeAdvisor(pools, fleet.getReplicas(), fleet.getDatabaseCores(), fleet.getSpindles(),
				new WebServerThreads(context, environment));
	}

}
