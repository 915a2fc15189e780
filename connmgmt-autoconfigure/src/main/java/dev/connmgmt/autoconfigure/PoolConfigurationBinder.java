package dev.connmgmt.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.connmgmt.credentials.Secrets;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Binds {@code connmgmt.pools.*} while the bean definitions are registered, refusing pool
 * names that cannot name a bean, keys no pool setting has, and values of the wrong type,
 * each with the property at fault and the fix.
 */
final class PoolConfigurationBinder {

	static final String POOLS_PREFIX = ConnmgmtProperties.PREFIX + ".pools";

	static final String DEFAULTS_PREFIX = ConnmgmtProperties.PREFIX + ".pool-defaults";

	private static final ConfigurationPropertyName POOLS = ConfigurationPropertyName.of(POOLS_PREFIX);

	private static final ConfigurationPropertyName DEFAULTS = ConfigurationPropertyName.of(DEFAULTS_PREFIX);

	private static final Pattern POOL_NAME = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");

	private static final int MAXIMUM_POOL_NAME_LENGTH = 50;

	private PoolConfigurationBinder() {
	}

	/**
	 * Bind every pool: the pool defaults first, then each pool's own settings over a copy of
	 * them.
	 */
	static Map<String, PoolProperties> bind(Environment environment) {
		Set<String> names = new LinkedHashSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(DEFAULTS::isAncestorOf).forEach((name) -> checkKey(name, 2, DEFAULTS_PREFIX));
				iterable.filter(POOLS::isAncestorOf).forEach((name) -> names.add(checkPool(name)));
			}
		}
		Binder binder = Binder.get(environment);
		try {
			PoolProperties defaults = binder.bind(DEFAULTS, Bindable.of(PoolProperties.class))
				.orElseGet(PoolProperties::new);
			Map<String, PoolProperties> pools = new LinkedHashMap<>();
			for (String name : names) {
				PoolProperties pool = defaults.copy();
				pools.put(name, binder.bind(POOLS.append(name), Bindable.ofInstance(pool)).orElse(pool));
			}
			return pools;
		}
		catch (BindException ex) {
			throw invalidValue(ex);
		}
	}

	private static String checkPool(ConfigurationPropertyName name) {
		String pool = name.getElement(2, Form.ORIGINAL);
		checkPoolName(pool);
		checkKey(name, 3, POOLS_PREFIX + "." + pool);
		return pool;
	}

	private static void checkKey(ConfigurationPropertyName name, int start, String prefix) {
		if (name.getNumberOfElements() == start || !PoolPropertyNames.isKnown(name, start)) {
			String key = name.getElement(Math.min(start, name.getNumberOfElements() - 1), Form.DASHED);
			String suggestion = PoolPropertyNames.suggestion(key)
				.map((known) -> "Did you mean '" + prefix + "." + known + "'? ")
				.orElse("");
			throw new InvalidPoolConfigurationException(name.toString(),
					"Property '" + name + "' is not a setting of connmgmt pools, so it would be ignored.",
					suggestion + "Remove or correct '" + name + "'. The settings of a pool are listed in the "
							+ "connmgmt documentation and in your IDE's completion for '" + DEFAULTS_PREFIX + ".*'.");
		}
	}

	private static void checkPoolName(String pool) {
		if (!POOL_NAME.matcher(pool).matches() || pool.length() > MAXIMUM_POOL_NAME_LENGTH) {
			throw new InvalidPoolConfigurationException(POOLS_PREFIX + "." + pool,
					"Pool name '" + pool + "' (" + POOLS_PREFIX + "." + pool + ") cannot name a pool: it becomes the bean name '" + pool
							+ "DataSource', a metric tag and a URL segment of the actuator endpoint.",
					"Rename the pool under '" + POOLS_PREFIX + "' to lower-case letters, digits and single dashes, "
							+ "starting with a letter and at most " + MAXIMUM_POOL_NAME_LENGTH
							+ " characters, such as 'orders' or 'users-0'.");
		}
	}

	private static InvalidPoolConfigurationException invalidValue(BindException ex) {
		ConfigurationProperty property = ex.getProperty();
		String name = (property != null) ? property.getName().toString() : ex.getName().toString();
		String value = (property != null && property.getValue() != null) ? String.valueOf(property.getValue()) : null;
		String shown = (value == null) ? "its value" : Secrets.isSecretName(name) ? "'" + Secrets.MASK + "'" : "'" + value + "'";
		Class<?> type = ex.getTarget().getType().resolve(Object.class);
		String origin = (property != null && property.getOrigin() != null) ? " (from " + property.getOrigin() + ")" : "";
		return new InvalidPoolConfigurationException(name,
				"Property '" + name + "'" + origin + " cannot be bound: " + shown + " is not " + Expected.of(type).kind() + ".",
				"Set '" + name + "' to " + Expected.of(type).example() + ".", ex);
	}

	/**
	 * What a value of a type must look like: a noun phrase, and an example to set instead.
	 */
	private record Expected(String kind, String example) {

		static Expected of(Class<?> type) {
			if (type == Duration.class) {
				return new Expected("a duration",
						"a duration such as 500ms, 2s, 5m or 1h, or ISO-8601 such as PT2S; a plain number means milliseconds");
			}
			if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
				return new Expected("a whole number", "a whole number such as 10");
			}
			if (type == Boolean.class || type == boolean.class) {
				return new Expected("a boolean", "true or false");
			}
			if (type.isEnum()) {
				return new Expected("one of " + enumValues(type), "one of " + enumValues(type));
			}
			return new Expected("a value of type " + type.getSimpleName(), "a value of type " + type.getName());
		}

	}

	private static String enumValues(Class<?> type) {
		return Arrays.stream(type.getEnumConstants())
			.map((constant) -> ((Enum<?>) constant).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
			.collect(Collectors.joining(", "));
	}

}
