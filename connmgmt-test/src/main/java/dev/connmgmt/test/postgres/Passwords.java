package dev.connmgmt.test.postgres;

import java.security.SecureRandom;
import java.util.Base64;

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
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
