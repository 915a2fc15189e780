package dev.connmgmt.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of anything that is shown: log lines, exception messages, actuator
 * output.
 *
 * @since 0.1.0
 */
public final class Secrets {

	/**
	 * What a secret is replaced with.
	 */
	public static final String MASK = "******";

	private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/?#@:]*):[^/?#@]*@");

	private static final Pattern ORACLE_USER_PASSWORD = Pattern
		.compile("(?i)^(jdbc:oracle:\\w+:[^/@:()]*/)(?:\"[^\"]*\"|[^@\"]*)@");

	private static final Pattern URL_SECRET_PARAMETER = Pattern
		.compile("(?i)([?&;](?:password|passwd|pwd|secret|token|credentials?|sslpassword|sslkey)=)[^&;]*");

	private Secrets() {
	}

	/**
	 * Return a JDBC URL with any password in its user info, its parameters or, for
	 * Oracle's {@code jdbc:oracle:thin:user/password@…} form, before the {@code @} masked.
	 * @param url the URL, may be {@code null}
	 * @return the URL safe to show
	 */
	public static String redactUrl(String url) {
		if (url == null) {
			return null;
		}
		String redacted = ORACLE_USER_PASSWORD.matcher(url).replaceFirst("$1" + Matcher.quoteReplacement(MASK) + "@");
		redacted = URL_USER_INFO.matcher(redacted).replaceAll("$1:" + Matcher.quoteReplacement(MASK) + "@");
		return URL_SECRET_PARAMETER.matcher(redacted).replaceAll("$1" + Matcher.quoteReplacement(MASK));
	}

	/**
	 * Return a message with every occurrence of a secret masked.
	 * @param message the message, may be {@code null}
	 * @param secret the secret, may be {@code null} or empty
	 * @return the message safe to show
	 */
	public static String scrub(String message, String secret) {
		if (message == null || secret == null || secret.isEmpty()) {
			return message;
		}
		return message.replace(secret, MASK);
	}

	/**
	 * Return whether a property name denotes a secret value.
	 * @param name the property or driver property name
	 * @return whether the value must be masked
	 */
	public static boolean isSecretName(String name) {
		String lower = name.toLowerCase(java.util.Locale.ROOT);
		return lower.contains("password") || lower.contains("secret") || lower.contains("token")
				|| lower.contains("credential") || lower.endsWith("key") || lower.contains("passwd");
	}

	/**
	 * Return a short, stable fingerprint of an identifier that must not be shown as is,
	 * such as a Vault lease id (which names the path it was issued on and lets its holder
	 * renew or revoke it): the first 12 hex digits of its SHA-256.
	 * @param value the value, may be {@code null}
	 * @return the fingerprint, or {@code null} for {@code null}
	 */
	public static String fingerprint(String value) {
		if (value == null) {
			return null;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
