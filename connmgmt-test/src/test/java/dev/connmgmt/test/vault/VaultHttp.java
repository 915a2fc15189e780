package dev.connmgmt.test.vault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vault's HTTP API as a client calls it, with one token.
 */
final class VaultHttp {

	static final ObjectMapper json = new ObjectMapper();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String address;

	private final String token;

	VaultHttp(String address, String token) {
		this.address = address;
		this.token = token;
	}

	/**
	 * Return a client of the same Vault that calls with another token.
	 * @param token the token, {@code null} for none
	 * @return the client
	 */
	VaultHttp as(String token) {
		return new VaultHttp(this.address, token);
	}

	HttpResponse<String> call(String method, String path, Object body) {
		HttpRequest.BodyPublisher publisher;
		try {
			publisher = (body != null) ? HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))
					: HttpRequest.BodyPublishers.noBody();
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.address + "/v1/" + path))
				.timeout(Duration.ofSeconds(30))
				.method(method, publisher);
			if (this.token != null) {
				request.header("X-Vault-Token", this.token);
			}
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(method + " " + path + " failed", ex);
		}
	}

	int status(String method, String path, Object body) {
		return call(method, path, body).statusCode();
	}

	/**
	 * Make a call that must succeed and return its JSON body.
	 * @param method the HTTP method
	 * @param path the path after {@code /v1/}
	 * @param body the JSON body, {@code null} for none
	 * @return the JSON body, an empty object for a 204
	 */
	JsonNode ok(String method, String path, Object body) {
		HttpResponse<String> response = call(method, path, body);
		assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 204);
		try {
			return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	JsonNode read(String path) {
		return ok("GET", path, null);
	}

	JsonNode write(String path, Object body) {
		return ok("POST", path, body);
	}

}
