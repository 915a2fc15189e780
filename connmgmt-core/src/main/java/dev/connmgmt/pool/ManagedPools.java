package dev.connmgmt.pool;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The application's connmgmt pools, found by their bean names and unwrapped: another
 * library may wrap a pool's bean in a proxy (datasource-micrometer, a tracing or caching
 * {@code DataSource}), so looking pools up by type would miss or mis-cast them. Each call
 * creates pools not created yet, as a lookup by type would.
 *
 * @since 0.1.0
 */
public final class ManagedPools {

	private final ListableBeanFactory beans;

	private final List<String> beanNames;

	/**
	 * Create the registry.
	 * @param beans the bean factory holding the pools
	 * @param beanNames the pools' bean names, in the order pools are configured
	 */
	public ManagedPools(ListableBeanFactory beans, List<String> beanNames) {
		this.beans = beans;
		this.beanNames = List.copyOf(beanNames);
	}

	/**
	 * Return every pool, each as the {@link ManagedDataSource} itself, never a wrapper.
	 * @return the pools
	 */
	public List<ManagedDataSource> all() {
		return this.beanNames.stream().map((name) -> unwrap(name, this.beans.getBean(name, DataSource.class))).toList();
	}

	/**
	 * Return every pool's bean as the application injects it, wrappers included: what its
	 * {@code JdbcTemplate} and transactions use, so the key its connections are bound to the
	 * thread by.
	 * @return the pools' beans by bean name, in the order pools are configured
	 */
	public Map<String, DataSource> beans() {
		Map<String, DataSource> beans = new LinkedHashMap<>();
		this.beanNames.forEach((name) -> beans.put(name, this.beans.getBean(name, DataSource.class)));
		return beans;
	}

	/**
	 * Return the {@link ManagedDataSource} inside a data source that is one or wraps one.
	 * @param name the bean name, for the error message
	 * @param dataSource the data source
	 * @return the pool
	 * @throws IllegalStateException when the wrapper does not give access to the pool
	 */
	public static ManagedDataSource unwrap(String name, DataSource dataSource) {
		if (dataSource instanceof ManagedDataSource pool) {
			return pool;
		}
		try {
			return dataSource.unwrap(ManagedDataSource.class);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Bean '" + name + "' wraps a connmgmt pool in " + dataSource.getClass().getName()
					+ ", whose unwrap(ManagedDataSource.class) does not reach it", ex);
		}
	}

	@Override
	public String toString() {
		return "ManagedPools" + this.beanNames;
	}

}
