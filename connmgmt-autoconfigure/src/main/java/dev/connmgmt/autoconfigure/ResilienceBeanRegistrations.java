package dev.connmgmt.autoconfigure;

import java.util.List;
import java.util.function.Supplier;

import dev.connmgmt.failure.SqlFailures;
import io.github.resilience4j.common.circuitbreaker.configuration.CommonCircuitBreakerConfigurationProperties;
import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.util.ClassUtils;

/**
 * Registers, for each pool, the Resilience4j customizers that create its breaker and retry
 * in the application's registries (Resilience4j creates an instance for every customizer's
 * name). Only touched when Resilience4j's Spring Boot support (resilience4j-spring-boot3 or
 * resilience4j-spring-boot4, which share its configuration properties) is on the classpath.
 */
final class ResilienceBeanRegistrations {

	/**
	 * Resilience4j's Spring Boot properties, one per Spring Boot line; both extend the
	 * framework-common types the customizers read.
	 */
	private static final List<String> SPRING_BOOT_SUPPORT = List.of(
			"io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerProperties",
			"io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerProperties");

	private ResilienceBeanRegistrations() {
	}

	static boolean isPresent(ClassLoader classLoader) {
		return SPRING_BOOT_SUPPORT.stream().anyMatch((name) -> ClassUtils.isPresent(name, classLoader));
	}

	static void register(BeanDefinitionRegistry registry, BeanFactory beanFactory, String breakerName,
			String retryName) {
		registerIfAbsent(registry, "connmgmtCircuitBreakerCustomizer." + breakerName,
				ConnectionCircuitBreakerCustomizer.class,
				() -> new ConnectionCircuitBreakerCustomizer(breakerName, beanFactory.getBean(SqlFailures.class),
						beanFactory.getBeanProvider(CommonCircuitBreakerConfigurationProperties.class)));
		registerIfAbsent(registry, "connmgmtRetryCustomizer." + retryName, IdempotentRetryCustomizer.class,
				() -> new IdempotentRetryCustomizer(retryName, beanFactory.getBean(SqlFailures.class),
						beanFactory.getBeanProvider(CommonRetryConfigurationProperties.class)));
	}

	private static <T> void registerIfAbsent(BeanDefinitionRegistry registry, String beanName, Class<T> type,
			Supplier<T> supplier) {
		if (!registry.containsBeanDefinition(beanName)) {
			registry.registerBeanDefinition(beanName, new RootBeanDefinition(type, supplier));
		}
	}

}
