package dev.connmgmt.autoconfigure;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * When the application also uses datasource-micrometer, its query, fetch and generated-key
 * observations join connmgmt's traces, but its connection observation would time each
 * acquisition a second time, without the pool or the wait connmgmt's acquisition span
 * carries. So, unless the application sets {@code jdbc.includes} itself, it defaults to
 * everything but connections.
 */
class DataSourceObservationDefaults implements ConnmgmtEnvironmentPostProcessor {

	private static final String AUTO_CONFIGURATION = "net.ttddyy.observation.boot.autoconfigure.DataSourceObservationAutoConfiguration";

	static final String INCLUDES = "jdbc.includes";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!ConnmgmtProperties.isEnabled(environment)
				|| environment.containsProperty(INCLUDES)
				|| !ClassUtils.isPresent(AUTO_CONFIGURATION, application.getClassLoader())) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource("connmgmtDataSourceObservationDefaults",
					Map.of(INCLUDES, "query,fetch,keys")));
	}

}
