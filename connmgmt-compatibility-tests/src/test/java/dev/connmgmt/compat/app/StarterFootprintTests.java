package dev.connmgmt.compat.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter adds nothing an application does not use: with every actuator endpoint
 * exposed, an application without Vault gets no Spring Cloud health contributor (such as
 * {@code discoveryComposite}), no Spring Cloud endpoint and no bean of Spring Cloud.
 */
@SpringBootTest(properties = "management.endpoints.web.exposure.include=*")
class StarterFootprintTests {

	private static final String SPRING_CLOUD = "org.springframework.cloud";

	@Autowired
	private ConfigurableApplicationContext context;

	@Test
	void healthHasNoSpringCloudComponent() {
		ActuatorHealth health = ActuatorHealth.of(this.context);
		assertThat(health.components()).doesNotContain("discoveryComposite", "refreshScope", "vault",
				"reactiveDiscoveryClients");
		List<String> fromSpringCloud = new ArrayList<>();
		health.contributorTypes().forEach((name, type) -> {
			if (isSpringCloud(type)) {
				fromSpringCloud.add(name);
			}
		});
		assertThat(fromSpringCloud).isEmpty();
	}

	@Test
	void noSpringCloudEndpoint() {
		List<String> endpoints = this.context.getBeansWithAnnotation(Endpoint.class)
			.values()
			.stream()
			.map((endpoint) -> MergedAnnotations.from(ClassUtils.getUserClass(endpoint),
					MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
				.get(Endpoint.class)
				.getString("id"))
			.toList();
		assertThat(endpoints).contains("health", "beans", "env")
			.doesNotContain("refresh", "restart", "pause", "resume", "features", "serviceregistry");
	}

	@Test
	void noBeanOfSpringCloud() {
		List<String> fromSpringCloud = Arrays.stream(this.context.getBeanDefinitionNames())
			.filter((name) -> isSpringCloud(this.context.getBeanFactory().getType(name)))
			.toList();
		assertThat(fromSpringCloud).isEmpty();
	}

	private static boolean isSpringCloud(Class<?> type) {
		return type != null && ClassUtils.getUserClass(type).getName().startsWith(SPRING_CLOUD + ".");
	}

}
