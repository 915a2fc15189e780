package dev.connmgmt.compat.app;

import javax.sql.DataSource;

import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test of the application that leaves the database out, as Spring PetClinic's
 * {@code CrashControllerIntegrationTests} does: it excludes the DataSource, its
 * transaction manager and Hibernate, with JPA and its repositories still on the classpath
 * and {@code spring.datasource.*} set. Without connmgmt the context has no
 * {@code DataSource}, so Spring Data's repositories back off; connmgmt must not build one
 * either, or the repositories would start and need an {@code entityManagerFactory} that
 * does not exist. {@link EnableAutoConfigurationWithoutDatabase} names these
 * auto-configurations as this Spring Boot line places them.
 */
@SpringBootTest
class DataSourceExcludedTests {

	private static final TestDatabase database = EmbeddedPostgresServer.shared().createDatabaseWithOwner("excluded");

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", () -> database.owner().name());
		registry.add("spring.datasource.password", () -> database.owner().password());
	}

	@Autowired
	private ApplicationContext context;

	@Test
	void startsWithoutDataSourceOrRepositories() {
		assertThat(this.context.getBeanNamesForType(DataSource.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(EntityManagerFactory.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(CustomerRepository.class)).isEmpty();
	}

	@Test
	void healthIsUpWithoutDatabaseIndicators() {
		ActuatorHealth health = ActuatorHealth.of(this.context);
		assertThat(health.status()).isEqualTo(ActuatorHealth.UP);
		assertThat(health.components()).doesNotContain("db", "connections");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfigurationWithoutDatabase
	static class WithoutDatabase {

	}

}
