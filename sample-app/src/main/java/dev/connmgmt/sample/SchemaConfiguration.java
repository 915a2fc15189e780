package dev.connmgmt.sample;

import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates each database's tables through its own pool, with Spring Boot's script
 * initializer.
 */
@Configuration(proxyBeanMethods = false)
class SchemaConfiguration {

	@Bean
	DataSourceScriptDatabaseInitializer ordersSchema(@Qualifier("ordersDataSource") DataSource orders) {
		return new DataSourceScriptDatabaseInitializer(orders, settings("classpath:schema/orders.sql"));
	}

	@Bean
	DataSourceScriptDatabaseInitializer inventorySchema(@Qualifier("inventoryDataSource") DataSource inventory) {
		return new DataSourceScriptDatabaseInitializer(inventory, settings("classpath:schema/inventory.sql"));
	}

	private static DatabaseInitializationSettings settings(String location) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(List.of(location));
		settings.setMode(DatabaseInitializationMode.ALWAYS);
		return settings;
	}

}
