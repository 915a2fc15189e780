package dev.connmgmt.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

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

	/**
	 * Settings every pool starts from; a pool's own settings override them.
	 */
	@NestedConfigurationProperty
	private PoolProperties poolDefaults = new PoolProperties();

	private final Validation validation = new Validation();

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

	public PoolProperties getPoolDefaults() {
		return this.poolDefaults;
	}

	public void setPoolDefaults(PoolProperties poolDefaults) {
		this.poolDefaults = poolDefaults;
	}

	public Validation getValidation() {
		return this.validation;
	}

	/**
	 * Startup checks of the pools' time limits.
	 */
	public static class Validation {

		/**
		 * What to do when a pool's time limits do not nest: fail the startup, or warn.
		 */
		private ValidationMode mode = ValidationMode.FAIL;

		public ValidationMode getMode() {
			return this.mode;
		}

		public void setMode(ValidationMode mode) {
			this.mode = mode;
		}

	}

}
