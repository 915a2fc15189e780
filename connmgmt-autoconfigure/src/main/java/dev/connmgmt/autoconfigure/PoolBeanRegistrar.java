package dev.connmgmt.autoconfigure;

import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.ManagedPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link ManagedDataSource} bean per pool, named {@code <pool>DataSource}; the
 * primary pool (or the only one) is also the primary {@code DataSource}, aliased
 * {@code dataSource}. The configuration is bound and checked here, before any bean exists,
 * so that a bad configuration stops the application before it opens a connection.
 */
class PoolBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware,
		BeanClassLoaderAware {

	static final String BEAN_NAME_SUFFIX = "DataSource";

	private static final Logger logger = LoggerFactory.getLogger(PoolBeanRegistrar.class);

	private static final String PRIMARY_ALIAS = "dataSource";

	/**
	 * The name of the {@link ManagedPools} bean.
	 */
	static final String MANAGED_POOLS = "connmgmtManagedPools";

	private Environment environment;

	private BeanFactory beanFactory;

	private ClassLoader classLoader;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Map<String, PoolProperties> pools = PoolConfigurationBinder.bind(this.environment);
		registry.registerBeanDefinition(PoolSettings.BEAN_NAME,
				new RootBeanDefinition(PoolSettings.class, () -> new PoolSettings(pools)));
		List<String> beanNames = new ArrayList<>();
		registry.registerBeanDefinition(MANAGED_POOLS,
				new RootBeanDefinition(ManagedPools.class, () -> new ManagedPools((ListableBeanFactory) this.beanFactory, beanNames)));
		if (pools.isEmpty()) {
			if (SpringDataSourceTakeover.applies(this.environment, this.beanFactory)) {
				String name = PoolDataSourceFactory.DEFAULT_POOL;
				registerResilience(registry, name, new ResilienceProperties());
				beanNames.add(register(registry, name, true, () -> factory()
					.createDefault(this.beanFactory.getBean(DataSourceProperties.class), this.environment)));
			}
			return;
		}
		PoolPropertiesValidator.validatePrimaries(pools);
		List<InvalidPoolConfigurationException> hierarchyViolations = new ArrayList<>();
		pools.forEach((name, pool) -> {
			PoolPropertiesValidator.validate(name, pool, this.classLoader);
			Driver driver = PoolDriverValidator.validate(name, pool, this.classLoader);
			PoolTimeoutsValidator.validate(name, pool, driver.getClass().getName());
			TransactionPoolingValidator.validate(name, pool, driver.getClass().getName());
			RetryBudget budget = ResilienceBeanRegistrations.isPresent(this.classLoader)
					? RetryBudget.of(name, pool, this.environment) : null;
			hierarchyViolations.addAll(TimeoutHierarchyValidator.violations(name, pool, budget));
		});
		report(hierarchyViolations);
		boolean single = pools.size() == 1;
		pools.forEach((name, pool) -> {
			registerResilience(registry, name, pool.getResilience());
			beanNames.add(register(registry, name, single || pool.isPrimary(), () -> factory().create(name, pool)));
		});
		ShardGroups.register(registry, this.beanFactory, this.environment, pools);
	}

	private void registerResilience(BeanDefinitionRegistry registry, String name, ResilienceProperties resilience) {
		if (resilience.isEnabled() && ResilienceBeanRegistrations.isPresent(this.classLoader)) {
			ResilienceBeanRegistrations.register(registry, this.beanFactory, resilience.circuitBreakerName(name),
					resilience.retryName(name));
		}
	}

	private void report(List<InvalidPoolConfigurationException> violations) {
		if (violations.isEmpty()) {
			return;
		}
		ValidationMode mode = Binder.get(this.environment)
			.bind(ConnmgmtProperties.PREFIX + ".validation.mode", ValidationMode.class)
			.orElse(ValidationMode.FAIL);
		if (mode == ValidationMode.FAIL) {
			throw violations.get(0);
		}
		violations.forEach((violation) -> logger.warn("{} {}", violation.getProblem(), violation.getAction()));
	}

	private String register(BeanDefinitionRegistry registry, String name, boolean primary,
			java.util.function.Supplier<ManagedDataSource> supplier) {
		String beanName = name + BEAN_NAME_SUFFIX;
		RootBeanDefinition definition = new RootBeanDefinition(ManagedDataSource.class, supplier);
		definition.setPrimary(primary);
		definition.setRole(BeanDefinition.ROLE_APPLICATION);
		definition.setDestroyMethodName("close");
		definition.setDescription("connmgmt pool '" + name + "'");
		registry.registerBeanDefinition(beanName, definition);
		if (primary && !registry.isBeanNameInUse(PRIMARY_ALIAS)) {
			registry.registerAlias(beanName, PRIMARY_ALIAS);
		}
		return beanName;
	}

	private PoolDataSourceFactory factory() {
		return this.beanFactory.getBean(PoolDataSourceFactory.class);
	}

}
