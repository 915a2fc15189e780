package dev.connmgmt.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.connmgmt.failure.SqlFailures;
import dev.connmgmt.internal.observability.AutoscaleMetrics;
import dev.connmgmt.internal.observability.ConnectionMetrics;
import dev.connmgmt.internal.observability.SemconvPoolMetrics;
import dev.connmgmt.internal.observability.ShardTagMeterFilter;
import dev.connmgmt.pool.ManagedPools;
import dev.connmgmt.pool.PoolAutoscalers;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Micrometer meters of connmgmt's pools: connections created, failed, retired and closed,
 * saturation, credentials and autoscaling, and the {@code shard} tag on every pool meter;
 * and, unless {@code connmgmt.metrics.semconv.enabled} is false, the OpenTelemetry semantic
 * conventions' {@code db.client.connection.*} meters (see {@link SemconvPoolMetrics}), their
 * durations histograms when {@code connmgmt.metrics.semconv.histograms} is true.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConnmgmtAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(ManagedPools.class)
public class ConnmgmtMetricsAutoConfiguration {

	/**
	 * The bean through which Spring Boot binds HikariCP's metrics.
	 */
	private static final String HIKARI_METER_BINDER = "hikariDataSourceMeterBinder";

	@Bean
	@ConditionalOnMissingBean
	AutoscaleMetrics connmgmtAutoscaleMetrics(PoolAutoscalers autoscalers) {
		return new AutoscaleMetrics(autoscalers);
	}

	@Bean
	static ShardTagMeterFilter connmgmtShardTagMeterFilter(Environment environment) {
		Map<String, String> groupsByPool = new LinkedHashMap<>();
		ShardGroups.bind(environment)
			.forEach((group, shards) -> shards.getPools().forEach((pool) -> groupsByPool.put(pool, group)));
		return new ShardTagMeterFilter(groupsByPool);
	}

	@Bean
	@ConditionalOnMissingBean
	ConnectionMetrics connmgmtConnectionMetrics(ManagedPools pools, SqlFailures failures) {
		return new ConnectionMetrics(pools.all(), failures);
	}

	/**
	 * Binds before Spring Boot's HikariCP binder, which leaves alone a pool that has a
	 * metrics tracker: the tracker installed here gives HikariCP the one Spring Boot would
	 * and adds the {@code db.client.connection.*} meters beside {@code hikaricp.*}. Only
	 * where Spring Boot binds HikariCP's metrics (its bean of the same name in both lines):
	 * an application that switched those off gets neither.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = ConnmgmtProperties.PREFIX + ".metrics.semconv", name = "enabled",
			matchIfMissing = true)
	SemconvPoolMetrics connmgmtSemconvPoolMetrics(ManagedPools pools, ConnmgmtProperties properties,
			BeanFactory beanFactory) {
		return new SemconvPoolMetrics(beanFactory.containsBean(HIKARI_METER_BINDER) ? pools.all() : List.of(),
				properties.getMetrics().getSemconv().isHistograms());
	}

}
