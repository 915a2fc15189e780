package dev.connmgmt.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot 4.1's {@code spring.datasource.*} API, for the pool that takes it over: where
 * its auto-configuration lives and how it resolves the connection.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DataSourceProperties.class)
class SpringDataSourceSupport {

	/**
	 * Spring Boot's DataSource auto-configuration on this line.
	 */
	static final String AUTO_CONFIGURATION = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

	static SpringDataSourceConnection connection(BeanFactory beanFactory) {
		DataSourceProperties properties = beanFactory.getBean(DataSourceProperties.class);
		return new SpringDataSourceConnection(properties.determineUrl(), properties.determineUsername(),
				properties.determinePassword(), properties.determineDriverClassName());
	}

}
