package dev.connmgmt.test.vault;

/**
 * An error Vault answers with a status and a message, as {@code {"errors":[message]}}.
 * Messages never carry a secret: no password, token or statement text.
 */
final class VaultException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	VaultException(int status, String message) {
		super(message);
		this.status = status;
	}

	static VaultException permissionDenied() {
		return new VaultException(403, "permission denied");
	}

	static VaultException unsupportedOperation() {
		return new VaultException(405, "unsupported operation");
	}

	static VaultException noHandler(String path) {
		return new VaultException(404, "no handler for route \"" + path + "\". route entry not found.");
	}

	int status() {
		return this.status;
	}

}
