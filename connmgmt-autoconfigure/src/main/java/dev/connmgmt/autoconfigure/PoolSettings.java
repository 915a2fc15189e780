package dev.connmgmt.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.connmgmt.pool.ManagedDataSource;

/**
 * The pools' settings as the registrar bound and checked them, pool defaults applied and
 * unwritten settings derived, so that the rest of the configuration reads them instead of
 * binding them again.
 *
 * @param pools the settings of each pool by name; empty when the pool is managed from
 * {@code spring.datasource.*}
 * @param derived the settings derived for each pool that has any, by pool name
 */
record PoolSettings(Map<String, PoolProperties> pools, Map<String, List<DerivedDefaults.Derived>> derived) {

	static final String BEAN_NAME = "connmgmtPoolSettings";

	PoolSettings {
		pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
		derived = Map.copyOf(derived);
	}

	/**
	 * Return the names of the pools whose outage only degrades the application.
	 */
	Set<String> optionalPools() {
		Set<String> optional = new LinkedHashSet<>();
		this.pools.forEach((name, pool) -> {
			if (pool.isOptional()) {
				optional.add(name);
			}
		});
		return optional;
	}

	/**
	 * Return the settings of a pool, the defaults for one configured elsewhere.
	 */
	PoolProperties of(ManagedDataSource pool) {
		return this.pools.getOrDefault(pool.getName(), new PoolProperties());
	}

	/**
	 * Return what was derived for a pool, by the setting's name as the connections endpoint
	 * shows it ({@code validationTimeout}), each value with what it was derived from.
	 */
	Map<String, String> derivedOf(String pool) {
		Map<String, String> described = new LinkedHashMap<>();
		this.derived.getOrDefault(pool, List.of())
			.forEach((value) -> described.put(camelCase(value.key()), value.printed() + " (" + value.because() + ")"));
		return described;
	}

	private static String camelCase(String key) {
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char c : key.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return camel.toString();
	}

}
