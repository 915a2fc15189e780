package dev.connmgmt.test.postgres;

import java.security.SecureRandom;
import java.util.Base64;

import dev.connmgmt.test.secrets.IssuedSecrets;

/**
 * Random passwords for test roles.
 */
final class Passwords {

	private static final SecureRandom random = new SecureRandom();

	private Passwords() {
	}

	static String generate() {
		byte[] bytes = new byte[18];
		random.nextBytes(bytes);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		IssuedSecrets.record(password);
		return password;
	}

}
