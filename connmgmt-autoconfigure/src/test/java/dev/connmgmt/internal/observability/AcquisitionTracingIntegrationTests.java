package dev.connmgmt.internal.observability;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.connmgmt.autoconfigure.ConnmgmtAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtMetricsAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtResilienceAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtTracingAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtVaultAutoConfiguration;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportTracingAutoConfiguration;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acquisitions inside a trace become OpenTelemetry spans carrying the pool, the outcome and
 * the wait; acquisitions outside a trace create nothing.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class AcquisitionTracingIntegrationTests {

	@Test
	void acquisitionInATraceIsAChildSpanWithItsWait(EmbeddedPostgresServer server) throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("traced");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TracingTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("management.tracing.sampling.probability=1.0", "connmgmt.pools.traced.url=" + database.jdbcUrl(),
					"connmgmt.pools.traced.username=" + database.owner().name(),
					"connmgmt.pools.traced.password=" + database.owner().password(),
					"connmgmt.pools.traced.maximum-pool-size=1")
			.run()) {
			DataSource pool = context.getBean(DataSource.class);
			Tracer tracer = context.getBean(Tracer.class);
			InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
			pool.getConnection().close();
			CountDownLatch held = new CountDownLatch(1);
			Thread holder = new Thread(() -> {
				try (Connection connection = pool.getConnection(); Statement work = connection.createStatement()) {
					held.countDown();
					work.execute("SELECT pg_sleep(0.4)");
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			holder.start();
			assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
			Span request = tracer.nextSpan().name("request").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
				pool.getConnection().close();
			}
			finally {
				request.end();
			}
			holder.join();
			context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
			List<SpanData> acquisitions = exporter.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getName().equals(TracingAcquisitionObserver.NAME))
				.toList();
			assertThat(acquisitions).singleElement().satisfies((span) -> {
				assertThat(span.getParentSpanId()).isEqualTo(request.context().spanId());
				assertThat(span.getAttributes().get(AttributeKey.stringKey("pool"))).isEqualTo("traced");
				assertThat(span.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo("success");
				assertThat(span.getAttributes().get(AttributeKey.longKey("wait.ms"))).isGreaterThanOrEqualTo(200L);
			});
		}
	}

	@SpringBootConfiguration
	@ImportJdbcAutoConfiguration
	@ImportTracingAutoConfiguration
	@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
			ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
			ConnmgmtTracingAutoConfiguration.class })
	static class TracingTestApplication {

		@Bean
		InMemorySpanExporter spanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
