package dev.connmgmt.test.vault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One API call: the operation Vault derives from the HTTP method, the path after
 * {@code /v1/}, the JSON body and the token that made it.
 *
 * @param operation what the call does
 * @param path the path, without {@code /v1/}
 * @param body the JSON body, an empty object when there was none
 * @param token the calling token, {@code null} on a path that takes none
 */
record VaultRequest(Operation operation, String path, JsonNode body, VaultToken token) {

	/**
	 * Vault's logical operations: GET reads (or lists with {@code ?list=true}), POST and PUT
	 * write, DELETE deletes.
	 */
	enum Operation {

		READ, LIST, WRITE, DELETE;

		static Operation of(String method, String query) {
			return switch (method) {
				case "GET" -> (query != null && Arrays.asList(query.split("&")).contains("list=true")) ? LIST : READ;
				case "LIST" -> LIST;
				case "POST", "PUT" -> WRITE;
				case "DELETE" -> DELETE;
				default -> throw VaultException.unsupportedOperation();
			};
		}

	}

	List<String> segments() {
		return List.of(this.path.split("/"));
	}

	boolean has(String field) {
		JsonNode value = this.body.get(field);
		return value != null && !value.isNull();
	}

	String text(String field) {
		return has(field) ? this.body.get(field).asText() : null;
	}

	Duration duration(String field, Duration fallback) {
		return Durations.parse(this.body.get(field), fallback);
	}

	boolean bool(String field, boolean fallback) {
		return has(field) ? this.body.get(field).asBoolean(fallback) : fallback;
	}

	int number(String field, int fallback) {
		return has(field) ? this.body.get(field).asInt(fallback) : fallback;
	}

	/**
	 * Return a list field given as a JSON array or, as Vault also accepts, as one
	 * comma-separated string.
	 * @param field the field
	 * @return the values, empty when the field is absent
	 */
	List<String> strings(String field) {
		List<String> values = new ArrayList<>();
		if (!has(field)) {
			return values;
		}
		JsonNode node = this.body.get(field);
		if (node.isArray()) {
			node.forEach((value) -> values.add(value.asText()));
		}
		else {
			for (String value : node.asText().split(",")) {
				if (!value.isBlank()) {
					values.add(value.trim());
				}
			}
		}
		return values;
	}

	@Override
	public String toString() {
		// the body may hold a password or a secret ID
		return "VaultRequest[" + this.operation + " " + this.path + "]";
	}

}
