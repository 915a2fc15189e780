package dev.connmgmt.sample;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three times as many traced threads as the orders pool has connections, each holding one
 * for 0.6 s: health still answers in time, the endpoint and HikariCP's metrics show the
 * waiting threads, and the acquisition spans carry the wait.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.traffic.enabled=false", "management.tracing.sampling.probability=1.0" })
class PoolExhaustionTests extends SampleHttpTestSupport {

	@Autowired
	@Qualifier("ordersDataSource")
	private DataSource orders;

	@Autowired
	private Tracer tracer;

	@Autowired
	private InMemorySpanExporter spans;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@Test
	void exhaustedPoolIsVisibleAndHealthAnswersInTime() throws Exception {
		int threads = 3 * 8;
		ExecutorService load = Executors.newFixedThreadPool(threads);
		for (int i = 0; i < threads; i++) {
			load.execute(() -> {
				Span request = this.tracer.nextSpan().name("order request").start();
				try (Tracer.SpanInScope scope = this.tracer.withSpan(request);
						Connection connection = this.orders.getConnection();
						Statement statement = connection.createStatement()) {
					statement.execute("SELECT pg_sleep(0.6)");
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				finally {
					request.end();
				}
			});
		}
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> pending() > 0);
			long started = System.nanoTime();
			ResponseEntity<String> health = this.http.getForEntity("/actuator/health", String.class);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
			assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(health.getBody()).contains("\"pending\":");
			String metric = this.http.getForObject("/actuator/metrics/hikaricp.connections.pending?tag=pool:orders",
					String.class);
			assertThat(metric).doesNotContain("\"value\":0.0");
		}
		finally {
			load.shutdown();
			assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		this.tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
		List<SpanData> acquisitions = this.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals("connmgmt.connection.acquire"))
			.toList();
		assertThat(acquisitions).hasSize(threads);
		assertThat(acquisitions).allSatisfy((span) -> {
			assertThat(span.getAttributes().get(AttributeKey.stringKey("pool"))).isEqualTo("orders");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo("success");
		});
		assertThat(acquisitions).anySatisfy(
				(span) -> assertThat(span.getAttributes().get(AttributeKey.longKey("wait.ms"))).isGreaterThan(400L));
	}

	private int pending() {
		ResponseEntity<Map<String, Object>> pool = this.http.exchange("/actuator/connections/orders", HttpMethod.GET,
				null, new ParameterizedTypeReference<>() {
				});
		@SuppressWarnings("unchecked")
		Map<String, Integer> connections = (Map<String, Integer>) pool.getBody().get("connections");
		return connections.get("pending");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SpanCapture {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
