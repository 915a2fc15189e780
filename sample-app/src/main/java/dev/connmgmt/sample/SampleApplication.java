package dev.connmgmt.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A shop with two databases, each reached through its own connmgmt pool: {@code orders}
 * (primary) and {@code inventory}. With the default profile both live in an embedded
 * PostgreSQL started with the application, so nothing needs installing.
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
