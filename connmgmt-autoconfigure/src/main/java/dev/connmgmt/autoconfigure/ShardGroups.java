package dev.connmgmt.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.connmgmt.internal.observability.ShardTagMeterFilter;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import dev.connmgmt.shard.ConsistentHashRouter;
import dev.connmgmt.shard.ExplicitRouter;
import dev.connmgmt.shard.ShardKeyResolver;
import dev.connmgmt.shard.ShardRouter;
import dev.connmgmt.shard.ShardedDataSource;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Binds {@code connmgmt.shards.*}, checks each group against the pools, and registers a
 * {@link ShardedDataSource} bean {@code <group>ShardedDataSource} per group.
 */
final class ShardGroups {

	private static final String PREFIX = ConnmgmtProperties.PREFIX + ".shards";

	private static final Pattern GROUP_NAME = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");

	private ShardGroups() {
	}

	/**
	 * Check every shard group against the pools, recording each problem found.
	 */
	static void validate(Environment environment, Map<String, PoolProperties> pools, ConfigurationProblems problems) {
		Map<String, ShardGroupProperties> groups = new LinkedHashMap<>();
		if (problems.check(() -> groups.putAll(bind(environment)))) {
			groups.forEach((group, properties) -> problems.check(() -> validate(group, properties, pools)));
		}
	}

	/**
	 * Register a {@link ShardedDataSource} per shard group; the groups were validated.
	 */
	static void register(BeanDefinitionRegistry registry, BeanFactory beanFactory, Environment environment) {
		bind(environment).forEach((group, properties) -> {
			String beanName = group + "ShardedDataSource";
			RootBeanDefinition definition = new RootBeanDefinition(ShardedDataSource.class,
					() -> create(group, properties, beanFactory));
			definition.setPrimary(false);
			definition.setDescription("connmgmt shard group '" + group + "'");
			registry.registerBeanDefinition(beanName, definition);
		});
	}

	static Map<String, ShardGroupProperties> bind(Environment environment) {
		try {
			return Binder.get(environment)
				.bind(PREFIX, Bindable.mapOf(String.class, ShardGroupProperties.class))
				.orElseGet(Map::of);
		}
		catch (BindException ex) {
			throw new InvalidPoolConfigurationException(ex.getName().toString(),
					"Property '" + ex.getName() + "' cannot be bound: " + ex.getCause().getMessage() + ".",
					"Correct '" + ex.getName() + "': pools is a list of pool names, strategy is consistent-hash or "
							+ "explicit, mapping maps keys to pool names.",
					ex);
		}
	}

	private static ShardedDataSource create(String group, ShardGroupProperties properties, BeanFactory beanFactory) {
		Map<String, DataSource> shards = new LinkedHashMap<>();
		for (String pool : properties.getPools()) {
			shards.put(pool, beanFactory.getBean(pool + PoolBeanRegistrar.BEAN_NAME_SUFFIX, DataSource.class));
		}
		ShardRouter router = (properties.getStrategy() == ShardGroupProperties.Strategy.EXPLICIT)
				? new ExplicitRouter(properties.getMapping()) : new ConsistentHashRouter(properties.getPools());
		List<ShardKeyResolver> resolvers = beanFactory.getBeanProvider(ShardKeyResolver.class).orderedStream().toList();
		return new ShardedDataSource(group, shards, router, resolvers);
	}

	private static void validate(String group, ShardGroupProperties properties, Map<String, PoolProperties> pools) {
		String path = PREFIX + "." + group;
		if (!GROUP_NAME.matcher(group).matches()) {
			throw new InvalidPoolConfigurationException(path,
					"Shard group name '" + group + "' (" + path + ") cannot name a bean.",
					"Rename the group to lower-case letters, digits and single dashes, such as 'users'.");
		}
		if (ShardTagMeterFilter.NO_SHARD.equals(group)) {
			throw new InvalidPoolConfigurationException(path,
					"Shard group name '" + group + "' (" + path + ") is the shard tag of every pool outside a shard "
							+ "group, so its pools' metrics could not be told from theirs.",
					"Rename the group, such as 'users'.");
		}
		if (properties.getPools().isEmpty()) {
			throw new InvalidPoolConfigurationException(path + ".pools",
					"Shard group '" + group + "' has no pools: '" + path + ".pools' is empty.",
					"List the pools holding the shards, such as [" + group + "-0, " + group + "-1], each configured "
							+ "under connmgmt.pools.");
		}
		for (String pool : properties.getPools()) {
			if (!pools.containsKey(pool)) {
				throw new InvalidPoolConfigurationException(path + ".pools",
						"Shard group '" + group + "' lists pool '" + pool + "' in '" + path + ".pools', but no connmgmt.pools." + pool
								+ " is configured; known pools are " + pools.keySet() + ".",
						"Configure connmgmt.pools." + pool + " or remove it from '" + path + ".pools'.");
			}
		}
		boolean explicit = properties.getStrategy() == ShardGroupProperties.Strategy.EXPLICIT;
		if (explicit && properties.getMapping().isEmpty()) {
			throw new InvalidPoolConfigurationException(path + ".mapping",
					"Shard group '" + group + "' routes explicitly but '" + path + ".mapping' is empty.",
					"Map each shard key to one of " + properties.getPools() + " under '" + path
							+ ".mapping', or use strategy consistent-hash.");
		}
		properties.getMapping().forEach((key, pool) -> {
			if (!properties.getPools().contains(pool)) {
				throw new InvalidPoolConfigurationException(path + ".mapping." + key,
						"Shard key '" + key + "' of group '" + group + "' (" + path + ".mapping." + key + ") maps to '" + pool
								+ "', which is not one of the group's pools " + properties.getPools() + ".",
						"Map '" + key + "' to one of " + properties.getPools() + ", or add '" + pool + "' to '" + path
								+ ".pools'.");
			}
		});
	}

}
