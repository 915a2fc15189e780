package dev.connmgmt.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.postgresql.util.DriverInfo;

import org.springframework.boot.SpringBootVersion;

/**
 * The Spring Boot line a run measured, and the versions of what it measured.
 *
 * @param springBoot Spring Boot's version
 * @param hikariCp HikariCP's version
 * @param resilience4j Resilience4j's version
 * @param postgresqlDriver the PostgreSQL JDBC driver's version
 */
public record Versions(String springBoot, String hikariCp, String resilience4j, String postgresqlDriver) {

	/**
	 * Return the versions on this classpath.
	 * @return the versions
	 */
	public static Versions current() {
		return new Versions(SpringBootVersion.getVersion(), mavenVersion(HikariDataSource.class, "com.zaxxer", "HikariCP"),
				orUnknown(CircuitBreaker.class.getPackage().getImplementationVersion()), DriverInfo.DRIVER_VERSION);
	}

	/**
	 * Return the Spring Boot line: its major and minor version.
	 * @return such as {@code 3.5}
	 */
	public String line() {
		String[] parts = this.springBoot.split("\\.");
		return (parts.length >= 2) ? parts[0] + "." + parts[1] : this.springBoot;
	}

	String describe() {
		return String.format(Locale.ROOT, "Spring Boot %s line: Spring Boot %s, HikariCP %s, Resilience4j %s, "
				+ "PostgreSQL JDBC %s", line(), this.springBoot, this.hikariCp, this.resilience4j, this.postgresqlDriver);
	}

	private static String mavenVersion(Class<?> type, String groupId, String artifactId) {
		String resource = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
		try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				return orUnknown(properties.getProperty("version"));
			}
		}
		catch (IOException ex) {
			// fall back to the manifest
		}
		return orUnknown(type.getPackage().getImplementationVersion());
	}

	private static String orUnknown(String version) {
		return (version != null) ? version : "unknown";
	}

}
