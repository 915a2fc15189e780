package dev.connmgmt.test.vault;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What Vault answered to a {@link VaultAdmin} call. Its body may hold a secret, a password
 * or a token, so {@link #toString()} shows only its status and length.
 *
 * @param status the HTTP status
 * @param body the body as text, empty when there was none
 * @since 0.1.0
 */
public record VaultResponse(int status, String body) {

	private static final ObjectMapper json = new ObjectMapper();

	/**
	 * Return the body as JSON.
	 * @return the JSON, an empty object when the body is empty
	 * @throws IllegalStateException when the body is not JSON
	 */
	public JsonNode json() {
		if (this.body.isEmpty()) {
			return json.createObjectNode();
		}
		try {
			return json.readTree(this.body);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Vault answered " + this.status + " with a body that is not JSON");
		}
	}

	@Override
	public String toString() {
		return "VaultResponse[status=" + this.status + ", body=(" + this.body.length() + " characters)]";
	}

}
