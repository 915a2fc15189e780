package dev.connmgmt.compat.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A typical application that knows nothing of connmgmt: one DataSource from
 * {@code spring.datasource.*}, JPA, Flyway and actuator.
 */
@SpringBootApplication
public class CustomerApplication {

	public static void main(String[] args) {
		SpringApplication.run(CustomerApplication.class, args);
	}

}
