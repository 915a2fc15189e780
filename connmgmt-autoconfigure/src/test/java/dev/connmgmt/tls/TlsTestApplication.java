package dev.connmgmt.tls;

import dev.connmgmt.autoconfigure.ConnectionsEndpointAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnectionsHealthAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtMetricsAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtResilienceAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtTracingAutoConfiguration;
import dev.connmgmt.testing.ImportHealthAutoConfiguration;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportResilience4jAutoConfiguration;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * An application with connmgmt's pools, the {@code connections} health and endpoint.
 */
@SpringBootConfiguration
@ImportJdbcAutoConfiguration
@ImportResilience4jAutoConfiguration
@ImportHealthAutoConfiguration
@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
		ConnmgmtMetricsAutoConfiguration.class, ConnmgmtTracingAutoConfiguration.class,
		ConnectionsHealthAutoConfiguration.class, ConnectionsEndpointAutoConfiguration.class })
class TlsTestApplication {

}
