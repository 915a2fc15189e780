package dev.connmgmt.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Writes JSON as Spring Boot 3.5's actuator does: Jackson 2, dates as text.
 */
public final class BootJson {

	private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

	private BootJson() {
	}

	public static String write(Object value) throws JsonProcessingException {
		return MAPPER.writeValueAsString(value);
	}

}
