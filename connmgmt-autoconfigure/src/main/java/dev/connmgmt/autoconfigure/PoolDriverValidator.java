package dev.connmgmt.autoconfigure;

import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

import dev.connmgmt.credentials.Secrets;
import dev.connmgmt.internal.pool.JdbcDrivers;
import dev.connmgmt.internal.pool.JdbcDrivers.DriverNotFoundException;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeansException;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.util.ClassUtils;

/**
 * Checks that a pool's JDBC driver exists and accepts its URL, and that its driver
 * properties have values the driver can take: the type of the driver's own data source
 * setter (an {@code int} for PostgreSQL's {@code connectTimeout}) and the choices the driver
 * declares (PostgreSQL's {@code sslmode}).
 */
final class PoolDriverValidator {

	private static final Logger logger = LoggerFactory.getLogger(PoolDriverValidator.class);

	private PoolDriverValidator() {
	}

	static Driver validate(String name, PoolProperties pool, ClassLoader classLoader) {
		String driverClassName = DriverClassNames.of(pool.getDriverClassName(), pool.getUrl());
		Driver driver;
		try {
			driver = JdbcDrivers.load(driverClassName, pool.getUrl(), classLoader);
		}
		catch (DriverNotFoundException ex) {
			boolean configured = pool.getDriverClassName() != null;
			String property = PoolPropertiesValidator.path(name, configured ? "driver-class-name" : "url");
			throw new InvalidPoolConfigurationException(property,
					"Pool '" + name + "' has no usable JDBC driver (" + property + "): " + ex.getMessage() + ".",
					configured
							? "Add the driver's jar to the application, or correct '" + property + "'."
							: "Add the JDBC driver of this database to the application's dependencies, such as "
									+ "org.postgresql:postgresql, or set '"
									+ PoolPropertiesValidator.path(name, "driver-class-name") + "'.",
					ex);
		}
		validateDriverProperties(name, pool, driver, classLoader);
		return driver;
	}

	private static void validateDriverProperties(String name, PoolProperties pool, Driver driver,
			ClassLoader classLoader) {
		Map<String, String> properties = pool.getDataSourceProperties();
		if (properties.isEmpty()) {
			return;
		}
		BeanWrapper typedSetters = typedSetters(pool.getUrl(), classLoader);
		DriverPropertyInfo[] declared = declaredProperties(driver, pool.getUrl());
		properties.forEach((key, value) -> {
			String property = PoolPropertiesValidator.path(name, "data-source-properties." + key);
			DriverPropertyInfo info = Arrays.stream(declared).filter((d) -> d.name.equalsIgnoreCase(key)).findFirst().orElse(null);
			boolean typed = typedSetters != null && typedSetters.isWritableProperty(key);
			if (typed) {
				checkType(typedSetters, key, value, property, driver);
			}
			if (info != null && info.choices != null && info.choices.length > 0
					&& Arrays.stream(info.choices).noneMatch(value::equalsIgnoreCase)) {
				throw new InvalidPoolConfigurationException(property,
						"Driver property '" + property + "' is '" + value + "', which driver "
								+ driver.getClass().getName() + " does not accept.",
						"Set '" + property + "' to one of " + Arrays.toString(info.choices) + ".");
			}
			if (info == null && !typed) {
				logger.warn("Pool '{}': driver {} does not declare property '{}' ({}); it may be ignored", name,
						driver.getClass().getName(), key, property);
			}
		});
	}

	private static void checkType(BeanWrapper typedSetters, String key, String value, String property, Driver driver) {
		try {
			typedSetters.setPropertyValue(key, value);
		}
		catch (BeansException ex) {
			String type = ClassUtils.getShortName(typedSetters.getPropertyType(key));
			String shown = Secrets.isSecretName(key) ? Secrets.MASK : value;
			throw new InvalidPoolConfigurationException(property,
					"Driver property '" + property + "' is '" + shown + "', but driver " + driver.getClass().getName()
							+ " takes a value of type " + type + " for '" + key + "'.",
					"Set '" + property + "' to a valid " + type + " value, such as " + exampleOf(type) + ".", ex);
		}
	}

	private static String exampleOf(String type) {
		return switch (type) {
			case "int", "Integer", "long", "Long", "short" -> "10";
			case "boolean", "Boolean" -> "true or false";
			default -> "what the driver's documentation gives";
		};
	}

	private static BeanWrapper typedSetters(String url, ClassLoader classLoader) {
		String dataSourceClassName = DatabaseDriver.fromJdbcUrl(url).getXaDataSourceClassName();
		if (dataSourceClassName == null || !ClassUtils.isPresent(dataSourceClassName, classLoader)) {
			return null;
		}
		try {
			Object dataSource = BeanUtils.instantiateClass(ClassUtils.forName(dataSourceClassName, classLoader));
			return PropertyAccessorFactory.forBeanPropertyAccess(dataSource);
		}
		catch (ClassNotFoundException | LinkageError | BeansException ex) {
			return null;
		}
	}

	private static DriverPropertyInfo[] declaredProperties(Driver driver, String url) {
		try {
			DriverPropertyInfo[] info = driver.getPropertyInfo(url, new Properties());
			return (info != null) ? info : new DriverPropertyInfo[0];
		}
		catch (SQLException | RuntimeException ex) {
			return new DriverPropertyInfo[0];
		}
	}

}
