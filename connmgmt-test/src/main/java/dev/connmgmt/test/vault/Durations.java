package dev.connmgmt.test.vault;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Durations as Vault reads them (a number of seconds, or Go's notation such as {@code 90s},
 * {@code 1h30m}, plus {@code d} for days) and times as Vault writes them (RFC 3339).
 */
final class Durations {

	private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

	private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

	private Durations() {
	}

	static Duration parse(JsonNode node, Duration fallback) {
		if (node == null || node.isMissingNode() || node.isNull()) {
			return fallback;
		}
		if (node.isNumber()) {
			return Duration.ofSeconds(node.asLong());
		}
		String text = node.asText().trim();
		if (text.isEmpty()) {
			return fallback;
		}
		if (text.chars().allMatch(Character::isDigit)) {
			return Duration.ofSeconds(Long.parseLong(text));
		}
		Matcher part = PART.matcher(text);
		Duration total = Duration.ZERO;
		int end = 0;
		while (part.find() && part.start() == end) {
			long amount = Long.parseLong(part.group(1));
			total = total.plus(switch (part.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			});
			end = part.end();
		}
		if (end != text.length()) {
			throw new VaultException(400, "invalid duration \"" + text + "\"");
		}
		return total;
	}

	static long seconds(Duration duration) {
		return Math.max(0, duration.toSeconds());
	}

	static long secondsUntil(Instant instant) {
		return seconds(Duration.between(Instant.now(), instant));
	}

	static String time(Instant instant) {
		return (instant != null) ? RFC_3339.format(instant.atOffset(ZoneOffset.UTC)) : null;
	}

}
