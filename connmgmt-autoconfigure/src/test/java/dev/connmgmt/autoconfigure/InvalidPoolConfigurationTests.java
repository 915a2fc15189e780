package dev.connmgmt.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import dev.connmgmt.lifecycle.RecordingFailureAnalysisReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every bad configuration stops the application with the analysis a user reads: a
 * description naming the property and an action saying the fix. Each case starts a real
 * application; nothing here needs a database, because the configuration is refused before
 * any connection is opened.
 */
class InvalidPoolConfigurationTests {

	private static final String URL = "connmgmt.pools.orders.url=jdbc:postgresql://localhost:5432/orders";

	static Stream<Arguments> badConfigurations() {
		return Stream.of(
				bad("missing url", props("connmgmt.pools.orders.username=app"), "connmgmt.pools.orders.url",
						"Pool 'orders' has no JDBC URL", "Set 'connmgmt.pools.orders.url' to the database's JDBC URL"),
				bad("url that is not jdbc", props("connmgmt.pools.orders.url=postgresql://localhost/orders"),
						"connmgmt.pools.orders.url", "is not a JDBC URL", "to a JDBC URL, such as jdbc:postgresql://"),
				bad("minimum-idle above maximum-pool-size",
						props(URL, "connmgmt.pools.orders.maximum-pool-size=5", "connmgmt.pools.orders.minimum-idle=8"),
						"connmgmt.pools.orders.minimum-idle",
						"'connmgmt.pools.orders.minimum-idle' (8) is greater than 'connmgmt.pools.orders.maximum-pool-size' (5)",
						"Lower 'connmgmt.pools.orders.minimum-idle' to at most 5"),
				bad("zero maximum-pool-size", props(URL, "connmgmt.pools.orders.maximum-pool-size=0"),
						"connmgmt.pools.orders.maximum-pool-size", "'connmgmt.pools.orders.maximum-pool-size' is 0",
						"to 1 or more"),
				bad("negative minimum-idle", props(URL, "connmgmt.pools.orders.minimum-idle=-1"),
						"connmgmt.pools.orders.minimum-idle", "cannot be negative", "to 0 or more"),
				bad("illegal duration", props(URL, "connmgmt.pools.orders.connection-timeout=2 parsecs"),
						"connmgmt.pools.orders.connection-timeout", "'2 parsecs' is not a duration",
						"such as 500ms, 2s, 5m"),
				bad("number that is not a number", props(URL, "connmgmt.pools.orders.maximum-pool-size=ten"),
						"connmgmt.pools.orders.maximum-pool-size", "'ten' is not a whole number",
						"a whole number such as 10"),
				bad("unknown transaction isolation", props(URL, "connmgmt.pools.orders.transaction-isolation=chaotic"),
						"connmgmt.pools.orders.transaction-isolation", "'chaotic' is not one of read-uncommitted",
						"one of read-uncommitted, read-committed, repeatable-read, serializable"),
				bad("connection-timeout HikariCP would replace",
						props(URL, "connmgmt.pools.orders.connection-timeout=100ms"),
						"connmgmt.pools.orders.connection-timeout", "is 100ms, below HikariCP's minimum of 250ms",
						"Set 'connmgmt.pools.orders.connection-timeout' to 250ms or more"),
				bad("keepalive HikariCP would drop", props(URL, "connmgmt.pools.orders.keepalive-time=10s"),
						"connmgmt.pools.orders.keepalive-time", "HikariCP would silently disable keepalive", "to 30s or more, or 0"),
				bad("max-lifetime HikariCP would replace", props(URL, "connmgmt.pools.orders.max-lifetime=10s"),
						"connmgmt.pools.orders.max-lifetime", "below HikariCP's minimum of 30s", "to 30s or more"),
				bad("leak detection HikariCP would drop",
						props(URL, "connmgmt.pools.orders.leak-detection-threshold=1s"),
						"connmgmt.pools.orders.leak-detection-threshold", "below HikariCP's minimum of 2s",
						"to 2s or more, or 0 to disable it"),
				bad("keepalive not below max-lifetime",
						props(URL, "connmgmt.pools.orders.max-lifetime=1m", "connmgmt.pools.orders.keepalive-time=1m"),
						"connmgmt.pools.orders.keepalive-time", "is not less than 'connmgmt.pools.orders.max-lifetime'",
						"shorter than 'connmgmt.pools.orders.max-lifetime'"),
				bad("idle-timeout not below max-lifetime of an elastic pool",
						props(URL, "connmgmt.pools.orders.minimum-idle=1", "connmgmt.pools.orders.max-lifetime=5m",
								"connmgmt.pools.orders.keepalive-time=1m", "connmgmt.pools.orders.idle-timeout=10m"),
						"connmgmt.pools.orders.idle-timeout", "(10m) is not less than",
						"Make 'connmgmt.pools.orders.idle-timeout' shorter"),
				bad("validation-timeout above connection-timeout",
						props(URL, "connmgmt.pools.orders.connection-timeout=1s",
								"connmgmt.pools.orders.validation-timeout=2s"),
						"connmgmt.pools.orders.validation-timeout",
						"(2s) is longer than 'connmgmt.pools.orders.connection-timeout' (1s)",
						"to at most 'connmgmt.pools.orders.connection-timeout'"),
				bad("unknown driver class", props(URL, "connmgmt.pools.orders.driver-class-name=com.example.NoSuchDriver"),
						"connmgmt.pools.orders.driver-class-name",
						"class com.example.NoSuchDriver is not on the classpath", "Add the driver's jar"),
				bad("url no driver accepts", props("connmgmt.pools.orders.url=jdbc:nosuchdb://localhost/orders"),
						"connmgmt.pools.orders.url", "no JDBC driver on the classpath accepts URL",
						"Add the JDBC driver of this database"),
				bad("two primaries",
						props(URL, "connmgmt.pools.orders.primary=true",
								"connmgmt.pools.billing.url=jdbc:postgresql://localhost:5432/billing",
								"connmgmt.pools.billing.primary=true"),
						"connmgmt.pools.billing.primary", "are all marked primary",
						"Keep 'primary: true' on one pool only"),
				bad("pool name that cannot be a bean name",
						props("connmgmt.pools.[Orders_DB].url=jdbc:postgresql://localhost:5432/orders"),
						"connmgmt.pools.Orders_DB", "Pool name 'Orders_DB'",
						"lower-case letters, digits and single dashes"),
				bad("unknown key under a pool", props(URL, "connmgmt.pools.orders.maximum-pool-sise=10"),
						"connmgmt.pools.orders.maximum-pool-sise", "is not a setting of connmgmt pools",
						"Did you mean 'connmgmt.pools.orders.maximum-pool-size'?"),
				bad("unknown key under the pool defaults", props(URL, "connmgmt.pool-defaults.minimum-idel=2"),
						"connmgmt.pool-defaults.minimum-idel", "is not a setting of connmgmt pools",
						"Did you mean 'connmgmt.pool-defaults.minimum-idle'?"),
				bad("illegal duration in the pool defaults", props(URL, "connmgmt.pool-defaults.max-lifetime=forever"),
						"connmgmt.pool-defaults.max-lifetime", "'forever' is not a duration", "such as 500ms, 2s"),
				bad("driver property of the wrong type",
						props(URL, "connmgmt.pools.orders.data-source-properties.connectTimeout=soon"),
						"connmgmt.pools.orders.data-source-properties.connectTimeout",
						"takes a value of type int for 'connectTimeout'", "to a valid int value, such as 10"),
				bad("driver property outside the driver's choices",
						props(URL, "connmgmt.pools.orders.data-source-properties.sslmode=sometimes"),
						"connmgmt.pools.orders.data-source-properties.sslmode",
						"is 'sometimes', which driver org.postgresql.Driver does not accept", "verify-full"),
				bad("connect limit not shorter than socket limit",
						props(URL, "connmgmt.pools.orders.timeouts.connect=30s", "connmgmt.pools.orders.timeouts.socket=10s"),
						"connmgmt.pools.orders.timeouts.connect",
						"(30s) is not shorter than 'connmgmt.pools.orders.timeouts.socket' (10s)",
						"Make 'connmgmt.pools.orders.timeouts.connect' shorter than 'connmgmt.pools.orders.timeouts.socket'"),
				bad("query limit not shorter than socket limit",
						props(URL, "connmgmt.pools.orders.timeouts.query=30s", "connmgmt.pools.orders.timeouts.socket=30s"),
						"connmgmt.pools.orders.timeouts.query", "would lose its connection to the socket limit",
						"accept this rule alone with connmgmt.validation.accept=query-within-socket"),
				bad("connection-timeout not shorter than the request",
						props(URL, "connmgmt.pools.orders.connection-timeout=5s",
								"connmgmt.pools.orders.timeouts.request=3s"),
						"connmgmt.pools.orders.connection-timeout",
						"could wait for a connection longer than its whole request may take",
						"lengthen 'connmgmt.pools.orders.timeouts.request'"),
				bad("leak detection before a caller gives up waiting",
						props(URL, "connmgmt.pools.orders.connection-timeout=5s",
								"connmgmt.pools.orders.leak-detection-threshold=3s"),
						"connmgmt.pools.orders.connection-timeout", "reported as leaked sooner",
						"shorter than 'connmgmt.pools.orders.leak-detection-threshold'"),
				bad("retry budget beyond the request limit",
						props(URL, "connmgmt.pools.orders.connection-timeout=1s",
								"connmgmt.pools.orders.validation-timeout=500ms", "connmgmt.pools.orders.timeouts.query=2s", "connmgmt.pools.orders.timeouts.socket=5s",
								"connmgmt.pools.orders.timeouts.request=5s"),
						"connmgmt.pools.orders.timeouts.request",
						"can take up to 9450ms (3 attempts x (connection-timeout + timeouts.query = 3s) + up to 450ms of backoff)",
						"Lengthen 'connmgmt.pools.orders.timeouts.request' to at least 9450ms"),
				bad("retry budget with configured attempts beyond the request limit",
						props(URL, "connmgmt.pools.orders.connection-timeout=1s",
								"connmgmt.pools.orders.validation-timeout=500ms", "connmgmt.pools.orders.timeouts.query=1s", "connmgmt.pools.orders.timeouts.request=5s",
								"resilience4j.retry.instances.orders.max-attempts=4",
								"resilience4j.retry.instances.orders.wait-duration=200ms"),
						"connmgmt.pools.orders.timeouts.request", "can take up to 8600ms (4 attempts",
						"lower resilience4j.retry.instances.orders.max-attempts"),
				bad("time limit a driver cannot enforce",
						props("connmgmt.pools.orders.url=jdbc:h2:mem:orders", "connmgmt.pools.orders.timeouts.socket=5s"),
						"connmgmt.pools.orders.timeouts.socket", "cannot be enforced for driver org.h2.Driver",
						"set the driver's own property under 'connmgmt.pools.orders.data-source-properties'"),
				bad("time limit also set as a driver property",
						props(URL, "connmgmt.pools.orders.timeouts.socket=5s",
								"connmgmt.pools.orders.data-source-properties.socketTimeout=10"),
						"connmgmt.pools.orders.timeouts.socket", "both set the same limit",
						"remove 'connmgmt.pools.orders.data-source-properties.socketTimeout'"),
				bad("non-positive time limit", props(URL, "connmgmt.pools.orders.timeouts.query=0s"),
						"connmgmt.pools.orders.timeouts.query", "but a limit must be positive", "positive duration"),
				bad("session state behind a transaction-mode pooler",
						props(URL, "connmgmt.pools.orders.transaction-pooling=true",
								"connmgmt.pools.orders.connection-init-sql=SET search_path TO app"),
						"connmgmt.pools.orders.connection-init-sql", "sets session state",
						"set it per transaction instead"),
				bad("server-side statement timeout behind a transaction-mode pooler",
						props(URL, "connmgmt.pools.orders.transaction-pooling=true",
								"connmgmt.pools.orders.timeouts.query=5s"),
						"connmgmt.pools.orders.timeouts.query", "where the next transaction may run on another server session",
						"spring.jdbc.template.query-timeout"),
				bad("shard group over a pool that does not exist",
						props(URL, "connmgmt.shards.users.pools=orders,users-9"), "connmgmt.shards.users.pools",
						"lists pool 'users-9' in 'connmgmt.shards.users.pools', but no connmgmt.pools.users-9 is configured",
						"Configure connmgmt.pools.users-9 or remove it"),
				bad("shard group named like the tag of unsharded pools",
						props(URL, "connmgmt.shards.none.pools=orders"), "connmgmt.shards.none",
						"is the shard tag of every pool outside a shard group", "Rename the group"),
				bad("explicit shard group without a mapping",
						props(URL, "connmgmt.shards.users.pools=orders", "connmgmt.shards.users.strategy=explicit"),
						"connmgmt.shards.users.mapping", "routes explicitly but", "Map each shard key to one of [orders]"),
				bad("shard key mapped outside its group",
						props(URL, "connmgmt.shards.users.pools=orders", "connmgmt.shards.users.strategy=explicit",
								"connmgmt.shards.users.mapping.eu=billing"),
						"connmgmt.shards.users.mapping.eu", "maps to 'billing', which is not one of the group's pools",
						"Map 'eu' to one of [orders]"),
				bad("file credentials without a username file",
						props(URL, "connmgmt.pools.orders.credentials.source=file"),
						"connmgmt.pools.orders.credentials.file.username-path", "is not set, but pool 'orders' reads its credentials from files",
						"to a readable file"),
				bad("file credentials from a file that cannot be read",
						props(URL, "connmgmt.pools.orders.credentials.source=file",
								"connmgmt.pools.orders.credentials.file.username-path=/nonexistent/username",
								"connmgmt.pools.orders.credentials.file.password-path=/nonexistent/password"),
						"connmgmt.pools.orders.credentials.file.username-path", "names /nonexistent/username, which cannot be read",
						"such as a mounted secret's key"),
				bad("file credentials next to a static password",
						props(URL, "connmgmt.pools.orders.credentials.source=file", "connmgmt.pools.orders.password=secret"),
						"connmgmt.pools.orders.password", "reads its credentials from files",
						"or set connmgmt.pools.orders.credentials.source=static"),
				bad("vault credentials without a role",
						props(URL, "connmgmt.pools.orders.credentials.source=vault"),
						"connmgmt.pools.orders.credentials.vault.role", "reads its credentials from Vault",
						"Set 'connmgmt.pools.orders.credentials.vault.role'"),
				bad("vault credentials next to a static username",
						props(URL, "connmgmt.pools.orders.credentials.source=vault",
								"connmgmt.pools.orders.credentials.vault.role=orders", "connmgmt.pools.orders.username=app"),
						"connmgmt.pools.orders.username", "reads its credentials from Vault",
						"or set connmgmt.pools.orders.credentials.source=static"),
				bad("vault rotation point outside the lease",
						props(URL, "connmgmt.pools.orders.credentials.source=vault",
								"connmgmt.pools.orders.credentials.vault.role=orders",
								"connmgmt.pools.orders.credentials.vault.rotate-at=1.5"),
						"connmgmt.pools.orders.credentials.vault.rotate-at", "is 1.5",
						"between 0 and 1 exclusive"),
				bad("vault retries faster than Vault should be asked",
						props(URL, "connmgmt.pools.orders.credentials.source=vault",
								"connmgmt.pools.orders.credentials.vault.role=orders",
								"connmgmt.pools.orders.credentials.vault.first-retry=10ms"),
						"connmgmt.pools.orders.credentials.vault.first-retry", "(10ms)",
						"to 100ms or more"),
				bad("vault credentials without a Vault client",
						props(URL, "connmgmt.pools.orders.credentials.source=vault",
								"connmgmt.pools.orders.credentials.vault.role=orders"),
						"connmgmt.pools.orders.credentials.source", "has no Vault client",
						"Configure Vault under spring.cloud.vault.*"),
				bad("client certificate without a role",
						props(URL, "connmgmt.pools.orders.username=app",
								"connmgmt.pools.orders.tls.client-certificate.source=vault"),
						"connmgmt.pools.orders.tls.client-certificate.vault.role",
						"logs in with a client certificate from Vault",
						"Set 'connmgmt.pools.orders.tls.client-certificate.vault.role'"),
				bad("client certificate without a login user",
						props(URL, "connmgmt.pools.orders.tls.client-certificate.source=vault",
								"connmgmt.pools.orders.tls.client-certificate.vault.role=orders"),
						"connmgmt.pools.orders.tls.client-certificate.vault.common-name",
						"neither 'connmgmt.pools.orders.tls.client-certificate.vault.common-name' nor",
						"Set 'connmgmt.pools.orders.username' to the database user"),
				bad("client certificate beside an sslfactory of the application's",
						props(URL, "connmgmt.pools.orders.username=app",
								"connmgmt.pools.orders.tls.client-certificate.source=vault",
								"connmgmt.pools.orders.tls.client-certificate.vault.role=orders",
								"connmgmt.pools.orders.data-source-properties.sslfactory=org.postgresql.ssl.LibPQFactory"),
						"connmgmt.pools.orders.data-source-properties.sslfactory",
						"presents its client certificate through connmgmt's own SSL socket factory",
						"Remove 'connmgmt.pools.orders.data-source-properties.sslfactory'"),
				bad("client certificate beside an sslfactory in the url",
						props("connmgmt.pools.orders.url=jdbc:postgresql://localhost:5432/orders"
								+ "?sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory",
								"connmgmt.pools.orders.username=app",
								"connmgmt.pools.orders.tls.client-certificate.source=vault",
								"connmgmt.pools.orders.tls.client-certificate.vault.role=orders"),
						"connmgmt.pools.orders.url",
						"names an sslfactory, but pool 'orders' presents its client certificate through connmgmt's own",
						"Remove the sslfactory parameter from 'connmgmt.pools.orders.url'"),
				bad("client certificate without a Vault client",
						props(URL, "connmgmt.pools.orders.username=app",
								"connmgmt.pools.orders.tls.client-certificate.source=vault",
								"connmgmt.pools.orders.tls.client-certificate.vault.role=orders"),
						"connmgmt.pools.orders.tls.client-certificate.source", "has no Vault client",
						"or set connmgmt.pools.orders.tls.client-certificate.source=none"),
				bad("exception override class missing",
						props(URL, "connmgmt.pools.orders.exception-override-class-name=com.example.Missing"),
						"connmgmt.pools.orders.exception-override-class-name", "which is not on the classpath",
						"Correct the class name"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badConfigurations")
	void badConfigurationStopsStartupNamingThePropertyAndTheFix(String title, List<String> properties,
			String property, String description, String action) {
		RecordingFailureAnalysisReporter.take();
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(PoolTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.run()
			.close());
		FailureAnalysis analysis = RecordingFailureAnalysisReporter.take();
		assertThat(analysis).as("failure analysis").isNotNull();
		assertThat(analysis.getCause()).isInstanceOf(InvalidPoolConfigurationException.class);
		assertThat(((InvalidPoolConfigurationException) analysis.getCause()).getProperty()).isEqualTo(property);
		assertThat(analysis.getDescription()).contains(property).contains(description);
		assertThat(analysis.getAction()).contains(action);
	}

	@Test
	void sslfactoryInTheUrlIsRefusedWithoutEchoingTheUrl() {
		RecordingFailureAnalysisReporter.take();
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(PoolTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("connmgmt.pools.orders.url=jdbc:postgresql://db.internal:5432/orders"
					+ "?sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory",
					"connmgmt.pools.orders.username=app", "connmgmt.pools.orders.tls.client-certificate.source=vault",
					"connmgmt.pools.orders.tls.client-certificate.vault.role=orders")
			.run()
			.close());
		FailureAnalysis analysis = RecordingFailureAnalysisReporter.take();
		assertThat(analysis).as("failure analysis").isNotNull();
		assertThat(analysis.getDescription()).contains("'connmgmt.pools.orders.url' names an sslfactory")
			.doesNotContain("db.internal")
			.doesNotContain("DefaultJavaSSLFactory");
		assertThat(analysis.getAction()).doesNotContain("db.internal").doesNotContain("DefaultJavaSSLFactory");
	}

	private static Arguments bad(String title, List<String> properties, String property, String description,
			String action) {
		return Arguments.of(title, properties, property, description, action);
	}

	private static List<String> props(String... properties) {
		return new ArrayList<>(List.of(properties));
	}

}
