package dev.connmgmt.test.secrets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every password, private key and certificate the test fixtures issue (embedded PostgreSQL
 * roles, the Vault dev server's credentials and PKI certificates), and every place one of
 * them was seen where nobody should see it: log events, actuator responses, exception
 * messages. A test suite records secrets as they are
 * issued and scans what the application shows as it shows it; a final test asserts that
 * nothing leaked.
 * <p>
 * Scanning is by sliding windows of each recorded secret's length over the text, so that
 * it costs a few hash lookups per character however many secrets were issued.
 *
 * @since 0.1.0
 */
public final class IssuedSecrets {

	private static final int SHORTEST = 8;

	private static final int DER_RUN = 32;

	private static final Set<String> secrets = ConcurrentHashMap.newKeySet();

	private static final Set<Integer> lengths = ConcurrentHashMap.newKeySet();

	private static final List<String> leaks = new CopyOnWriteArrayList<>();

	private static final AtomicLong scanned = new AtomicLong();

	private IssuedSecrets() {
	}

	/**
	 * Record a secret that was just issued.
	 * @param secret the secret; values shorter than 8 characters are too common to scan for
	 */
	public static void record(String secret) {
		if (secret != null && secret.length() >= SHORTEST) {
			secrets.add(secret);
			lengths.add(secret.length());
		}
	}

	/**
	 * Record a private key or certificate that was just issued, as it shows in PEM or
	 * base64: every run of 32 base64 characters (at the 4-character boundaries that every
	 * line of a PEM and every base64 encoding of the whole share) that encodes only bytes
	 * of its unique parts, such as a private key's secret numbers or a certificate's
	 * signature and public key. Runs that also encode structure (lengths, algorithm
	 * identifiers, names) are left out: they repeat in other certificates, the public
	 * issuer's included.
	 * @param der the DER encoding
	 * @param uniqueParts byte sequences within it that no other text has
	 */
	public static void recordDer(byte[] der, byte[]... uniqueParts) {
		String base64 = Base64.getEncoder().encodeToString(der);
		for (byte[] part : uniqueParts) {
			int from = indexOf(der, part);
			if (from < 0) {
				continue;
			}
			int to = from + part.length;
			for (int start = 0; start + DER_RUN <= base64.length(); start += 4) {
				int firstByte = start / 4 * 3;
				if (firstByte >= from && firstByte + DER_RUN / 4 * 3 <= to) {
					record(base64.substring(start, start + DER_RUN));
				}
			}
		}
	}

	private static int indexOf(byte[] data, byte[] part) {
		for (int i = 0; i + part.length <= data.length; i++) {
			if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Scan text the application showed.
	 * @param where what the text is, such as {@code log dev.connmgmt.events}
	 * @param text the text, may be {@code null}
	 * @return whether it contained a recorded secret
	 */
	public static boolean scan(String where, String text) {
		if (text == null) {
			return false;
		}
		scanned.addAndGet(text.length());
		String found = firstSecretIn(text);
		if (found == null) {
			return false;
		}
		leaks.add(where + ": " + text.replace(found, "<SECRET>"));
		return true;
	}

	/**
	 * Scan an exception the application threw: every message and description in its cause
	 * chain and among its suppressed exceptions.
	 * @param where what the exception is
	 * @param failure the exception
	 * @return whether it contained a recorded secret
	 */
	public static boolean scan(String where, Throwable failure) {
		return scan(where, describe(failure));
	}

	/**
	 * Return every message and description of an exception's cause chain and suppressed
	 * exceptions.
	 * @param failure the exception
	 * @return the text
	 */
	public static String describe(Throwable failure) {
		StringBuilder text = new StringBuilder();
		List<Throwable> seen = new ArrayList<>();
		describe(failure, text, seen);
		return text.toString();
	}

	private static void describe(Throwable failure, StringBuilder text, List<Throwable> seen) {
		if (failure == null || seen.stream().anyMatch((known) -> known == failure)) {
			return;
		}
		seen.add(failure);
		text.append(failure).append('\n');
		for (Throwable suppressed : failure.getSuppressed()) {
			describe(suppressed, text, seen);
		}
		describe(failure.getCause(), text, seen);
	}

	/**
	 * Return the places a secret was seen, each with the secret masked.
	 * @return the leaks
	 */
	public static List<String> leaks() {
		return List.copyOf(leaks);
	}

	/**
	 * Return how many secrets were recorded.
	 * @return the count
	 */
	public static int count() {
		return secrets.size();
	}

	/**
	 * Return how many characters were scanned.
	 * @return the count
	 */
	public static long scannedCharacters() {
		return scanned.get();
	}

	/**
	 * Return whether text contains a recorded secret, without recording a leak.
	 * @param text the text
	 * @return whether it contains a secret
	 */
	public static boolean contains(String text) {
		return text != null && firstSecretIn(text) != null;
	}

	private static String firstSecretIn(String text) {
		for (int length : lengths) {
			for (int start = 0; start + length <= text.length(); start++) {
				String window = text.substring(start, start + length);
				if (secrets.contains(window)) {
					return window;
				}
			}
		}
		return null;
	}

}
