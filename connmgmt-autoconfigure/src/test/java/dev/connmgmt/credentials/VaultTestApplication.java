package dev.connmgmt.credentials;

import dev.connmgmt.autoconfigure.ConnectionsEndpointAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnectionsHealthAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtMetricsAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtResilienceAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtTracingAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtVaultAutoConfiguration;
import dev.connmgmt.testing.ImportHealthAutoConfiguration;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportResilience4jAutoConfiguration;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.cloud.vault.config.VaultAutoConfiguration;

/**
 * An application whose pools take their credentials from Vault through Spring Cloud
 * Vault's client, configured under {@code spring.cloud.vault.*} as a user's is, with the
 * {@code connections} health and endpoint.
 */
@SpringBootConfiguration
@ImportJdbcAutoConfiguration
@ImportResilience4jAutoConfiguration
@ImportHealthAutoConfiguration
@ImportAutoConfiguration({ VaultAutoConfiguration.class, ConnmgmtAutoConfiguration.class,
		ConnmgmtResilienceAutoConfiguration.class, ConnmgmtVaultAutoConfiguration.class,
		ConnmgmtMetricsAutoConfiguration.class, ConnmgmtTracingAutoConfiguration.class,
		ConnectionsHealthAutoConfiguration.class, ConnectionsEndpointAutoConfiguration.class })
public class VaultTestApplication {

}
