package dev.connmgmt.autoconfigure;

import java.sql.Driver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
		ConfigurationProblems problems = ConfigurationProblems.of(this.environment);
		Map<String, PoolProperties> pools = PoolConfigurationBinder.bind(this.environment, problems);
		Map<String, List<DerivedDefaults.Derived>> derived = new LinkedHashMap<>();
		boolean retries = ResilienceBeanRegistrations.isPresent(this.classLoader);
		pools.forEach((name, pool) -> {
			List<DerivedDefaults.Derived> values = DerivedDefaults.derive(pool,
					(key) -> PoolConfigurationBinder.isWritten(this.environment, name, key),
					(settings) -> retries ? RetryBudget.of(name, settings, this.environment) : null);
			if (!values.isEmpty()) {
				derived.put(name, values);
			}
		});
		registry.registerBeanDefinition(PoolSettings.BEAN_NAME,
				new RootBeanDefinition(PoolSettings.class, () -> new PoolSettings(pools, derived)));
		List<String> beanNames = new ArrayList<>();
		registry.registerBeanDefinition(MANAGED_POOLS,
				new RootBeanDefinition(ManagedPools.class, () -> new ManagedPools((ListableBeanFactory) this.beanFactory, beanNames)));
		if (pools.isEmpty() && problems.isEmpty()) {
			if (SpringDataSourceTakeover.applies(this.environment, this.beanFactory)) {
				String name = PoolDataSourceFactory.DEFAULT_POOL;
				registerResilience(registry, name, new ResilienceProperties());
				beanNames.add(register(registry, name, true, () -> factory()
					.createDefault(SpringDataSourceSupport.connection(this.beanFactory), this.environment)));
			}
			return;
		}
		PoolPropertiesValidator.validatePrimaries(pools, problems);
		pools.forEach((name, pool) -> {
			if (PoolPropertiesValidator.validate(name, pool, this.classLoader, problems)) {
				TlsPolicy.validate(name, pool,
						PoolConfigurationBinder.isWritten(this.environment, name, TlsPolicy.MODE), problems);
				problems.check(() -> {
					Driver driver = PoolDriverValidator.validate(name, pool, this.classLoader);
					problems.check(() -> PoolTimeoutsValidator.validate(name, pool, driver.getClass().getName()));
					problems.check(() -> TransactionPoolingValidator.validate(name, pool, driver.getClass().getName()));
				});
			}
			TimeoutHierarchyValidator.validate(name, pool, retries ? RetryBudget.of(name, pool, this.environment) : null,
					problems);
		});
		ShardGroups.validate(this.environment, pools, problems);
		problems.throwIfAny();
		derived.forEach((name, values) -> logger.info("Pool '{}' derived the settings not written from those written: {}",
				name, values.stream().map(DerivedDefaults.Derived::toString).collect(Collectors.joining("; "))));
		boolean single = pools.size() == 1;
		pools.forEach((name, pool) -> {
			registerResilience(registry, name, pool.getResilience());
			beanNames.add(register(registry, name, single || pool.isPrimary(), () -> factory().create(name, pool)));
		});
		ShardGroups.register(registry, this.beanFactory, this.environment);
	}

	private void registerResilience(BeanDefinitionRegistry registry, String name, ResilienceProperties resilience) {
		if (resilience.isEnabled() && ResilienceBeanRegistrations.isPresent(this.classLoader)) {
			ResilienceBeanRegistrations.register(registry, this.beanFactory, resilience.circuitBreakerName(name),
					resilience.retryName(name));
		}
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
