package dev.connmgmt.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Binds {@code connmgmt.pools.*} while the bean definitions are registered, refusing pool
 * names that cannot name a bean, keys no pool setting has, and values of the wrong type,
 * each with the property at fault and the fix. Environment variables reach the pools the
 * application declared, dashed names included, as Spring Boot's own binding does.
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
	 * them. Every problem found is recorded, and a pool that cannot be bound is left out.
	 */
	static Map<String, PoolProperties> bind(Environment environment, ConfigurationProblems problems) {
		Set<String> names = new LinkedHashSet<>();
		List<IterableConfigurationPropertySource> variables = new ArrayList<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(DEFAULTS::isAncestorOf)
					.forEach((name) -> problems.check(() -> checkKey(name, 2, DEFAULTS_PREFIX, iterable)));
				if (isEnvironmentVariables(source)) {
					variables.add(iterable);
				}
				else {
					iterable.filter(POOLS::isAncestorOf).forEach((name) -> names.add(checkPool(name, iterable, problems)));
				}
			}
		}
		names.remove(null);
		Set<String> declared = Set.copyOf(names);
		for (IterableConfigurationPropertySource source : variables) {
			source.filter(POOLS::isAncestorOf)
				.forEach((name) -> names.add(poolOfVariable(name, declared, source, problems)));
		}
		names.remove(null);
		Binder binder = Binder.get(environment);
		PoolProperties defaults;
		try {
			defaults = binder.bind(DEFAULTS, Bindable.of(PoolProperties.class)).orElseGet(PoolProperties::new);
		}
		catch (BindException ex) {
			problems.add(invalidValue(ex));
			return Map.of();
		}
		Map<String, PoolProperties> pools = new LinkedHashMap<>();
		for (String name : names) {
			PoolProperties pool = defaults.copy();
			try {
				pools.put(name, binder.bind(POOLS.append(name), Bindable.ofInstance(pool)).orElse(pool));
			}
			catch (BindException ex) {
				problems.add(invalidValue(ex));
			}
		}
		return pools;
	}

	/**
	 * Return whether a property of a pool or of the pool defaults was written by the user,
	 * in any property source, rather than left to its default.
	 * @param key the property's key under the pool, such as {@code max-lifetime}
	 */
	static boolean isWritten(Environment environment, String pool, String key) {
		ConfigurationPropertyName own = POOLS.append(pool).append(key);
		ConfigurationPropertyName shared = DEFAULTS.append(key);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.getConfigurationProperty(own) != null || source.getConfigurationProperty(shared) != null) {
				return true;
			}
		}
		return false;
	}

	private static boolean isEnvironmentVariables(ConfigurationPropertySource source) {
		return source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
	}

	/**
	 * Return the pool an environment variable configures. A variable cannot spell a dash,
	 * so {@code CONNMGMT_POOLS_USERS0_PASSWORD} reaches the declared pool {@code users-0},
	 * as Spring Boot's binding does; it names a new pool only when no declared pool matches.
	 */
	private static String poolOfVariable(ConfigurationPropertyName name, Set<String> declared,
			IterableConfigurationPropertySource source, ConfigurationProblems problems) {
		String element = name.getElement(2, Form.UNIFORM);
		List<String> matches = declared.stream().filter((pool) -> pool.replace("-", "").equals(element)).toList();
		if (matches.size() > 1) {
			String variable = variableOf(name, source);
			problems.add(new InvalidPoolConfigurationException(POOLS_PREFIX + "." + matches.get(0),
					"Environment variable " + variable + " sets a property of pools " + matches
							+ ": a variable cannot spell a dash, so it reaches every pool whose name is '" + element
							+ "' without dashes.",
					"Rename one of the pools " + matches + " so that their names differ by more than dashes."));
			return null;
		}
		if (matches.size() == 1) {
			problems.check(() -> checkKey(name, 3, POOLS_PREFIX + "." + matches.get(0), source));
			return matches.get(0);
		}
		String pool = name.getElement(2, Form.ORIGINAL);
		if (!problems.check(() -> checkPoolName(pool))) {
			return null;
		}
		String example = declared.stream().filter((known) -> known.contains("-")).findFirst().orElse("users-0");
		return problems.check(() -> checkKey(name, 3, POOLS_PREFIX + "." + pool, source, example)) ? pool : null;
	}

	private static String checkPool(ConfigurationPropertyName name, IterableConfigurationPropertySource source,
			ConfigurationProblems problems) {
		String pool = name.getElement(2, Form.ORIGINAL);
		if (!problems.check(() -> checkPoolName(pool))) {
			return null;
		}
		return problems.check(() -> checkKey(name, 3, POOLS_PREFIX + "." + pool, source)) ? pool : null;
	}

	private static void checkKey(ConfigurationPropertyName name, int start, String prefix,
			ConfigurationPropertySource source) {
		checkKey(name, start, prefix, source, "users-0");
	}

	private static void checkKey(ConfigurationPropertyName name, int start, String prefix,
			ConfigurationPropertySource source, String example) {
		if (name.getNumberOfElements() == start || !PoolPropertyNames.isKnown(name, start)) {
			String key = name.getElement(Math.min(start, name.getNumberOfElements() - 1), Form.DASHED);
			String suggestion = PoolPropertyNames.suggestion(key)
				.map((known) -> "Did you mean '" + prefix + "." + known + "'? ")
				.orElse("");
			String variable = isEnvironmentVariables(source) ? " (from environment variable " + variableOf(name, source)
					+ ", where each _ separates two parts of the name and a pool's dashes are left out, so pool '"
					+ example + "' is CONNMGMT_POOLS_" + example.replace("-", "").toUpperCase(java.util.Locale.ROOT)
					+ "_*)" : "";
			throw new InvalidPoolConfigurationException(name.toString(),
					"Property '" + name + "'" + variable + " is not a setting of connmgmt pools, so it would be ignored.",
					suggestion + "Remove or correct '" + name + "'. The settings of a pool are listed in the "
							+ "connmgmt documentation and in your IDE's completion for '" + DEFAULTS_PREFIX + ".*'.");
		}
	}

	private static String variableOf(ConfigurationPropertyName name, ConfigurationPropertySource source) {
		ConfigurationProperty property = source.getConfigurationProperty(name);
		if (property != null && property.getOrigin() instanceof SystemEnvironmentOrigin origin) {
			return origin.getProperty();
		}
		StringBuilder variable = new StringBuilder();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			variable.append((i > 0) ? "_" : "").append(name.getElement(i, Form.UNIFORM).toUpperCase(java.util.Locale.ROOT));
		}
		return variable.toString();
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
