package dev.connmgmt.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of connmgmt.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = ConnmgmtProperties.PREFIX)
public class ConnmgmtProperties {

	/**
	 * The prefix of every connmgmt property.
	 */
	public static final String PREFIX = "connmgmt";

	/**
	 * Whether connmgmt manages the application's connection pools.
	 */
	private boolean enabled = true;

	/**
	 * Connection pools by name. Each becomes a bean named "<name>DataSource". When empty, the
	 * pool configured by "spring.datasource.*" is managed as pool "default".
	 */
	private Map<String, PoolProperties> pools = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, PoolProperties> getPools() {
		return this.pools;
	}

	public void setPools(Map<String, PoolProperties> pools) {
		this.pools = pools;
	}

}
