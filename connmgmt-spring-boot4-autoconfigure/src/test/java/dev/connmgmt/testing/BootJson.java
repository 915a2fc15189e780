package dev.connmgmt.testing;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes JSON as Spring Boot 4.1's actuator does: Jackson 3, which writes dates as text by
 * default.
 */
public final class BootJson {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private BootJson() {
	}

	public static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

}
