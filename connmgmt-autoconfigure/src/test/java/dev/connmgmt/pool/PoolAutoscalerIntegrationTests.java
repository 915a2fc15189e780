package dev.connmgmt.pool;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.internal.observability.AutoscaleMetrics;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flash-sale load ramp against the real database: an autoscaled pool grows during the
 * sale and shrinks after it, and its acquisition-wait p99 beats a static pool of the size
 * it started from, under the same load in the same run.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PoolAutoscalerIntegrationTests {

	@Test
	void poolGrowsDuringASaleShrinksAfterAndWaitsLessThanAStaticPool(EmbeddedPostgresServer server) throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("sale");
		Result staticPool = runSale(database, false);
		Result autoscaled = runSale(database, true);
		System.out.printf("Flash sale acquire-wait p99: static pool of 2 = %d ms, autoscaled (2..12) = %d ms; "
				+ "autoscaled peak size %d, size after cooldown %d%n", staticPool.p99().toMillis(),
				autoscaled.p99().toMillis(), autoscaled.peak(), autoscaled.after());
		assertThat(autoscaled.peak()).isGreaterThan(2);
		assertThat(autoscaled.after()).isLessThan(autoscaled.peak());
		assertThat(autoscaled.ups()).isPositive();
		assertThat(autoscaled.downs()).isPositive();
		assertThat(autoscaled.p99()).isLessThan(staticPool.p99());
		assertThat(staticPool.peak()).isEqualTo(2);
	}

	private Result runSale(TestDatabase database, boolean autoscale) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PoolTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("connmgmt.pools.sale.url=" + database.jdbcUrl(),
					"connmgmt.pools.sale.username=" + database.owner().name(),
					"connmgmt.pools.sale.password=" + database.owner().password(),
					"connmgmt.pools.sale.maximum-pool-size=2", "connmgmt.pools.sale.minimum-idle=1",
					"connmgmt.pools.sale.idle-timeout=20s", "connmgmt.pools.sale.autoscale.enabled=" + autoscale,
					"connmgmt.pools.sale.autoscale.max=12", "connmgmt.pools.sale.autoscale.cooldown=1s",
					"connmgmt.pools.sale.autoscale.interval=200ms", "connmgmt.pools.sale.autoscale.scale-down-step=2")
			.run()) {
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			PoolAutoscaler autoscaler = context.getBean(PoolAutoscalers.class)
				.getAutoscalers()
				.stream()
				.findFirst()
				.orElse(null);
			AtomicInteger peak = new AtomicInteger(2);
			ConcurrentLinkedQueue<Long> saleWaits = new ConcurrentLinkedQueue<>();
			load(pool, 2, Duration.ofMillis(800), null, peak);
			load(pool, 16, Duration.ofSeconds(4), saleWaits, peak);
			int after = 0;
			if (autoscaler != null) {
				load(pool, 1, Duration.ofSeconds(1), null, peak);
				await().atMost(Duration.ofSeconds(20)).until(() -> autoscaler.currentMaximum() <= 4);
				after = autoscaler.currentMaximum();
			}
			if (autoscaler != null) {
				MeterRegistry meters = new SimpleMeterRegistry();
				context.getBean(AutoscaleMetrics.class).bindTo(meters);
				assertThat(meters.get("connmgmt.pool.autoscale.decisions").tags("pool", "sale", "direction", "up")
					.functionCounter()
					.count()).isEqualTo(autoscaler.scaleUps());
				assertThat(meters.get("connmgmt.pool.autoscale.maximum").tag("pool", "sale").gauge().value())
					.isEqualTo(autoscaler.currentMaximum());
			}
			List<Long> sorted = new ArrayList<>(saleWaits);
			sorted.sort(null);
			Duration p99 = Duration.ofNanos(sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1));
			return new Result(p99, peak.get(), after, (autoscaler != null) ? autoscaler.scaleUps() : 0,
					(autoscaler != null) ? autoscaler.scaleDowns() : 0);
		}
	}

	private static void load(ManagedDataSource pool, int threads, Duration duration, ConcurrentLinkedQueue<Long> waits,
			AtomicInteger peak) throws InterruptedException {
		long end = System.nanoTime() + duration.toNanos();
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		for (int i = 0; i < threads; i++) {
			executor.execute(() -> {
				while (System.nanoTime() < end) {
					long started = System.nanoTime();
					try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
						if (waits != null) {
							waits.add(System.nanoTime() - started);
						}
						peak.accumulateAndGet(pool.getHikariDataSource().getHikariConfigMXBean().getMaximumPoolSize(),
								Math::max);
						statement.execute("SELECT pg_sleep(0.02)");
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}
			});
		}
		executor.shutdown();
		assertThat(executor.awaitTermination(duration.toSeconds() + 20, TimeUnit.SECONDS)).isTrue();
	}

	record Result(Duration p99, int peak, int after, long ups, long downs) {
	}

}
