package dev.connmgmt.autoconfigure;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.core.env.Environment;

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
	 * Whether connmgmt is on in an environment, before its properties are bound: the
	 * defaults connmgmt switches in the environment apply only then.
	 * @param environment the application's environment
	 * @return whether {@code connmgmt.enabled} is unset or true
	 */
	static boolean isEnabled(Environment environment) {
		return environment.getProperty(PREFIX + ".enabled", Boolean.class, true);
	}

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

	/**
	 * Shard groups by name, each over named pools. Each becomes a bean named
	 * "<group>ShardedDataSource".
	 */
	private Map<String, ShardGroupProperties> shards = new LinkedHashMap<>();

	private final Validation validation = new Validation();

	private final Drain drain = new Drain();

	private final Fleet fleet = new Fleet();

	private final Metrics metrics = new Metrics();

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

	public Map<String, ShardGroupProperties> getShards() {
		return this.shards;
	}

	public void setShards(Map<String, ShardGroupProperties> shards) {
		this.shards = shards;
	}

	public Validation getValidation() {
		return this.validation;
	}

	public Drain getDrain() {
		return this.drain;
	}

	public Fleet getFleet() {
		return this.fleet;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	/**
	 * The pools' metrics, besides HikariCP's own and connmgmt's.
	 */
	public static class Metrics {

		private final Semconv semconv = new Semconv();

		public Semconv getSemconv() {
			return this.semconv;
		}

		/**
		 * The OpenTelemetry semantic conventions' connection pool metrics.
		 */
		public static class Semconv {

			/**
			 * Whether every pool also has the OpenTelemetry semantic conventions' connection
			 * pool metrics (db.client.connection.*, semantic conventions 1.44.0), fed by the
			 * measurements HikariCP takes for its own.
			 */
			private boolean enabled = true;

			/**
			 * Whether db.client.connection.create_time, .wait_time and .use_time are
			 * histograms with buckets from 1 ms to 10 s and a maximum, recorded into a
			 * Micrometer timer of their own on every borrow and return: about 30 ns more on
			 * a borrow and return of about 250 ns. Off, they are counts and sums read from
			 * HikariCP's own timers, at no cost per borrow.
			 */
			private boolean histograms = false;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public boolean isHistograms() {
				return this.histograms;
			}

			public void setHistograms(boolean histograms) {
				this.histograms = histograms;
			}

		}

	}

	/**
	 * What connmgmt should know about the deployment to advise on pool sizes.
	 */
	public static class Fleet {

		/**
		 * How many instances of the application run against the same databases.
		 */
		private int replicas = 1;

		/**
		 * CPU cores of the database server, for the (cores x 2) + spindles starting point.
		 * This machine's cores are assumed when not set.
		 */
		private Integer databaseCores;

		/**
		 * Effective spindles (disks serving I/O concurrently) of the database server.
		 */
		private int spindles = 1;

		public int getReplicas() {
			return this.replicas;
		}

		public void setReplicas(int replicas) {
			this.replicas = replicas;
		}

		public Integer getDatabaseCores() {
			return this.databaseCores;
		}

		public void setDatabaseCores(Integer databaseCores) {
			this.databaseCores = databaseCores;
		}

		public int getSpindles() {
			return this.spindles;
		}

		public void setSpindles(int spindles) {
			this.spindles = spindles;
		}

	}

	/**
	 * How the pools are drained when the application shuts down.
	 */
	public static class Drain {

		/**
		 * Whether the pools are drained on shutdown: no new connections after the readiness
		 * grace, and connections in use are waited for before the pools close.
		 */
		private boolean enabled = true;

		/**
		 * How long to keep serving after readiness turned to REFUSING_TRAFFIC, so that load
		 * balancers stop sending requests (a few seconds on Kubernetes).
		 */
		private Duration readinessGrace = Duration.ZERO;

		/**
		 * Longest wait for connections in use to be returned before the pools are closed
		 * anyway.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getReadinessGrace() {
			return this.readinessGrace;
		}

		public void setReadinessGrace(Duration readinessGrace) {
			this.readinessGrace = readinessGrace;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Startup checks of the pools' time limits.
	 */
	public static class Validation {

		/**
		 * What to do when a pool's time limits do not nest: fail the startup, or warn. Prefer
		 * accepting the one rule meant with 'accept'; 'warn' accepts every rule.
		 */
		private ValidationMode mode = ValidationMode.FAIL;

		/**
		 * Rules whose violation is logged as a warning instead of refusing startup, such as
		 * query-within-socket. Every other check still applies.
		 */
		private Set<ValidationRule> accept = EnumSet.noneOf(ValidationRule.class);

		public ValidationMode getMode() {
			return this.mode;
		}

		public void setMode(ValidationMode mode) {
			this.mode = mode;
		}

		public Set<ValidationRule> getAccept() {
			return this.accept;
		}

		public void setAccept(Set<ValidationRule> accept) {
			this.accept = accept;
		}

	}

}
