package dev.connmgmt.autoconfigure;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration processor describes every pool setting, so IDEs complete and document
 * them.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPoolSettingHasDescribedMetadata() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = new ObjectMapper().readTree(in);
		}
		Map<String, String> descriptions = new java.util.HashMap<>();
		metadata.get("properties")
			.forEach((property) -> descriptions.put(property.get("name").asText(),
					property.has("description") ? property.get("description").asText() : ""));
		List<String> settings = settingsOf(PoolProperties.class, "");
		assertThat(settings).hasSizeGreaterThan(25).contains("timeouts.query", "resilience.circuit-breaker");
		for (String setting : settings) {
			String name = "connmgmt.pool-defaults." + setting;
			assertThat(descriptions).as(name).containsKey(name);
			assertThat(descriptions.get(name)).as(name).isNotBlank().endsWith(".");
		}
		assertThat(descriptions).containsKeys("connmgmt.enabled", "connmgmt.pools", "connmgmt.validation.mode",
				"connmgmt.metrics.semconv.enabled", "connmgmt.metrics.semconv.histograms");
	}

	private static List<String> settingsOf(Class<?> type, String prefix) {
		return Arrays.stream(BeanUtils.getPropertyDescriptors(type))
			.filter((property) -> property.getWriteMethod() != null)
			.flatMap((property) -> {
				String name = prefix + PoolPropertyNames.dashed(property.getName());
				Class<?> propertyType = property.getPropertyType();
				return (propertyType.getName().startsWith("dev.connmgmt.") && !propertyType.isEnum())
						? settingsOf(propertyType, name + ".").stream() : java.util.stream.Stream.of(name);
			})
			.collect(Collectors.toList());
	}

}
