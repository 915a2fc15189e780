package dev.connmgmt.internal.observability;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.connmgmt.autoconfigure.ConnmgmtAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtMetricsAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtResilienceAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtTracingAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtVaultAutoConfiguration;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.resilience.ConnmgmtTransactions;
import dev.connmgmt.resilience.PoolTransactions;
import dev.connmgmt.resilience.RequestTimeoutException;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportMetricsAutoConfiguration;
import dev.connmgmt.testing.ImportResilience4jAutoConfiguration;
import dev.connmgmt.testing.ImportTracingAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import net.ttddyy.observation.boot.autoconfigure.DataSourceObservationAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An application that also uses datasource-micrometer: its query spans and connmgmt's
 * acquisition span share the request's trace, and acquisition is traced once, by connmgmt
 * (datasource-micrometer's connection observation is off by default). The pool, wrapped in
 * datasource-micrometer's proxy, keeps its metrics, and connmgmt's transactions are those of
 * the wrapped bean the application's {@code JdbcTemplate} uses.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class DataSourceObservationIntegrationTests {

	@Test
	void querySpansShareTheTraceAndAcquisitionIsTracedOnce(EmbeddedPostgresServer server) throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("observed");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ObservedApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("management.tracing.sampling.probability=1.0")
			.properties(database.connmgmtPool("observed"))
			.run()) {
			assertThat(context.getEnvironment().getProperty("jdbc.includes")).isEqualTo("query,fetch,keys");
			assertThat(AopUtils.isAopProxy(context.getBean("observedDataSource"))
					|| !(context.getBean("observedDataSource") instanceof ManagedDataSource))
				.as("datasource-micrometer wraps the pool")
				.isTrue();
			Tracer tracer = context.getBean(Tracer.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			Span request = tracer.nextSpan().name("request").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
				assertThat(jdbc.queryForObject("SELECT 42", Integer.class)).isEqualTo(42);
			}
			finally {
				request.end();
			}
			context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
			List<SpanData> spans = context.getBean(InMemorySpanExporter.class)
				.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getTraceId().equals(request.context().traceId()))
				.toList();
			List<String> names = spans.stream().map(SpanData::getName).toList();
			assertThat(names).as("spans of the request's trace").contains("request", TracingAcquisitionObserver.NAME, "query");
			assertThat(names).filteredOn((name) -> name.equals(TracingAcquisitionObserver.NAME)).hasSize(1);
			assertThat(names).as("no second acquisition span").doesNotContain("connection");
			assertThat(spans).filteredOn((span) -> span.getName().equals(TracingAcquisitionObserver.NAME))
				.singleElement()
				.satisfies((span) -> assertThat(span.getAttributes().get(AttributeKey.stringKey("pool")))
					.isEqualTo("observed"));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("hikaricp.connections.acquire").tag("pool", "observed").timer().count()).isPositive();
			assertThat(meters.get("connmgmt.pool.connections.opened").tag("pool", "observed").functionCounter().count())
				.isPositive();
		}
	}

	@ParameterizedTest(name = "jdbc.datasource-proxy.type={0}")
	@ValueSource(strings = { "concrete", "proxy" })
	void transactionsRunOnTheDataSourceTheApplicationUses(String type, EmbeddedPostgresServer server) {
		TestDatabase database = server.createDatabaseWithOwner("wrapped");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ObservedApplication.class,
				ResilientApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("jdbc.datasource-proxy.type=" + type)
			.properties(database.connmgmtPool("wrapped"))
			.run()) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("CREATE TABLE ledger (id int PRIMARY KEY)");
			PoolTransactions work = context.getBean(ConnmgmtTransactions.class).pool("wrapped");
			work.idempotent((status) -> {
				jdbc.update("INSERT INTO ledger VALUES (1)");
				status.setRollbackOnly();
				return null;
			});
			assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger", Integer.class)).isZero();
		}
	}

	@ParameterizedTest(name = "jdbc.datasource-proxy.type={0}")
	@ValueSource(strings = { "concrete", "proxy" })
	void connectionPastTheRequestLimitLeavesThePoolThoughWrapped(String type, EmbeddedPostgresServer server) {
		TestDatabase database = server.createDatabaseWithOwner("wrapped");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ObservedApplication.class,
				ResilientApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("jdbc.datasource-proxy.type=" + type, "connmgmt.pools.wrapped.maximum-pool-size=1",
					"connmgmt.pools.wrapped.connection-timeout=500ms", "connmgmt.pools.wrapped.validation-timeout=250ms",
					"connmgmt.pools.wrapped.timeouts.request=1s")
			.properties(database.connmgmtPool("wrapped"))
			.run()) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			Integer before = jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class);
			assertThatExceptionOfType(RequestTimeoutException.class)
				.isThrownBy(() -> context.getBean(ConnmgmtTransactions.class)
					.pool("wrapped")
					.idempotent((status) -> jdbc.queryForObject("SELECT pg_sleep(10)", String.class)));
			assertThat(jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class)).isNotEqualTo(before);
		}
	}

	@SpringBootConfiguration
	@ImportJdbcAutoConfiguration
	@ImportMetricsAutoConfiguration
	@ImportTracingAutoConfiguration
	@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
			ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
			ConnmgmtTracingAutoConfiguration.class, DataSourceObservationAutoConfiguration.class })
	static class ObservedApplication {

		@Bean
		InMemorySpanExporter spanExporter() {
			return InMemorySpanExporter.create();
		}

	}

	@SpringBootConfiguration
	@ImportResilience4jAutoConfiguration
	static class ResilientApplication {

	}

}
