package dev.connmgmt.test.vault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What Vault answers to one call: a status and a JSON body in Vault's envelope
 * ({@code request_id}, {@code lease_id}, {@code renewable}, {@code lease_duration},
 * {@code data}, {@code wrap_info}, {@code warnings}, {@code auth}), or no body at all.
 *
 * @param status the HTTP status
 * @param body the body, {@code null} for none
 */
record Reply(int status, Object body) {

	static Reply noContent() {
		return new Reply(204, null);
	}

	/**
	 * Vault's answer to a read of something that does not exist: 404 with no error text.
	 * @return the reply
	 */
	static Reply notFound() {
		return new Reply(404, Map.of("errors", List.of()));
	}

	static Reply error(int status, String message) {
		return new Reply(status, Map.of("errors", List.of(message)));
	}

	static Reply data(Map<String, ?> data) {
		return data(data, List.of());
	}

	static Reply data(Map<String, ?> data, List<String> warnings) {
		Map<String, Object> body = envelope();
		body.put("data", data);
		body.put("warnings", warnings.isEmpty() ? null : warnings);
		return new Reply(200, body);
	}

	/**
	 * A reply that is not in Vault's JSON envelope, as the PKI engine's bare endpoints
	 * ({@code ca}, {@code ca/pem}) answer.
	 * @param contentType the content type
	 * @param bytes the body
	 * @return the reply
	 */
	static Reply raw(String contentType, byte[] bytes) {
		return new Reply(200, new Raw(contentType, bytes));
	}

	static Reply secret(String leaseId, long leaseDuration, boolean renewable, Map<String, ?> data,
			List<String> warnings) {
		Map<String, Object> body = envelope();
		body.put("lease_id", leaseId);
		body.put("renewable", renewable);
		body.put("lease_duration", leaseDuration);
		body.put("data", data);
		body.put("warnings", warnings.isEmpty() ? null : warnings);
		return new Reply(200, body);
	}

	static Reply auth(Map<String, ?> auth, List<String> warnings) {
		Map<String, Object> body = envelope();
		body.put("auth", auth);
		body.put("warnings", warnings.isEmpty() ? null : warnings);
		return new Reply(200, body);
	}

	private static Map<String, Object> envelope() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("request_id", UUID.randomUUID().toString());
		body.put("lease_id", "");
		body.put("renewable", false);
		body.put("lease_duration", 0);
		body.put("data", null);
		body.put("wrap_info", null);
		body.put("warnings", null);
		body.put("auth", null);
		return body;
	}

	/**
	 * A body sent as is.
	 *
	 * @param contentType the content type
	 * @param bytes the body
	 */
	record Raw(String contentType, byte[] bytes) {
	}

	@Override
	public String toString() {
		// the body may hold credentials or a token
		return "Reply[" + this.status + "]";
	}

}
