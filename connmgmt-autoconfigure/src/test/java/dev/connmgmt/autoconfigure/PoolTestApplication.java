package dev.connmgmt.autoconfigure;


import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportResilience4jAutoConfiguration;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * The smallest application using connmgmt the way a user's does: its pools, Spring Boot's
 * DataSource and JdbcTemplate auto-configuration, Resilience4j's registries, nothing else.
 */
@SpringBootConfiguration
@ImportJdbcAutoConfiguration
@ImportResilience4jAutoConfiguration
@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
		ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
		ConnmgmtTracingAutoConfiguration.class })
public class PoolTestApplication {

}
