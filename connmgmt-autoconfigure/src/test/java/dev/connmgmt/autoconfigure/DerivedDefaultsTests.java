package dev.connmgmt.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each dependent pair the checks know: the setting not written follows the one written, and
 * a written value is never changed.
 */
class DerivedDefaultsTests {

	@Test
	void longIdleTimeoutOnAnElasticPoolDerivesALongerMaxLifetime() {
		PoolProperties pool = new PoolProperties();
		pool.setMinimumIdle(1);
		pool.setIdleTimeout(Duration.ofMinutes(45));
		List<DerivedDefaults.Derived> derived = derive(pool, "minimum-idle", "idle-timeout");
		assertThat(pool.getMaxLifetime()).isEqualTo(Duration.ofMinutes(90).plusSeconds(2));
		assertThat(pool.getIdleTimeout()).isEqualTo(Duration.ofMinutes(45));
		assertThat(derived).extracting(DerivedDefaults.Derived::key).containsExactly("max-lifetime");
	}

	@Test
	void longKeepaliveDerivesALongerMaxLifetime() {
		PoolProperties pool = new PoolProperties();
		pool.setKeepaliveTime(Duration.ofHours(1));
		derive(pool, "keepalive-time");
		assertThat(pool.getMaxLifetime()).isEqualTo(Duration.ofHours(2));
	}

	@Test
	void writtenMaxLifetimeIsNeverChanged() {
		PoolProperties pool = new PoolProperties();
		pool.setKeepaliveTime(Duration.ofHours(1));
		assertThat(derive(pool, "keepalive-time", "max-lifetime")).isEmpty();
		assertThat(pool.getMaxLifetime()).isEqualTo(Duration.ofMinutes(30));
	}

	@Test
	void minimumIdleAboveTheDefaultMaximumRaisesTheMaximum() {
		PoolProperties pool = new PoolProperties();
		pool.setMinimumIdle(20);
		derive(pool, "minimum-idle");
		assertThat(pool.getMaximumPoolSize()).isEqualTo(20);
	}

	@Test
	void largePoolWithAutoscalingRaisesTheAutoscaleCap() {
		PoolProperties pool = new PoolProperties();
		pool.setMaximumPoolSize(80);
		pool.getAutoscale().setEnabled(true);
		derive(pool, "maximum-pool-size", "autoscale.enabled");
		assertThat(pool.getAutoscale().getMax()).isEqualTo(80);
	}

	@Test
	void slowFirstVaultRetryRaisesTheLongestRetry() {
		PoolProperties pool = new PoolProperties();
		pool.getCredentials().setSource(CredentialsProperties.Source.VAULT);
		pool.getCredentials().getVault().setFirstRetry(Duration.ofSeconds(20));
		derive(pool, "credentials.source", "credentials.vault.first-retry");
		assertThat(pool.getCredentials().getVault().getMaxRetry()).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void leakDetectionDerivesAShorterConnectionTimeout() {
		PoolProperties pool = new PoolProperties();
		pool.setLeakDetectionThreshold(Duration.ofSeconds(10));
		derive(pool, "leak-detection-threshold");
		assertThat(pool.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(pool.getValidationTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void requestTooShortForAnyConnectionTimeoutDerivesNothing() {
		PoolProperties pool = new PoolProperties();
		pool.getTimeouts().setRequest(Duration.ofMillis(300));
		assertThat(derive(pool, "timeouts.request")).isEmpty();
		assertThat(pool.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void defaultsAloneDeriveNothing() {
		PoolProperties pool = new PoolProperties();
		assertThat(derive(pool)).isEmpty();
	}

	private static List<DerivedDefaults.Derived> derive(PoolProperties pool, String... written) {
		Set<String> keys = Set.of(written);
		return DerivedDefaults.derive(pool, keys::contains, (settings) -> null);
	}

}
