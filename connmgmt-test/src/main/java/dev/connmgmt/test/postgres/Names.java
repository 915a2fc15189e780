package dev.connmgmt.test.postgres;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Unique, safe SQL identifiers for roles and databases created by tests.
 */
final class Names {

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private static final AtomicInteger counter = new AtomicInteger();

	private static final String run = Long.toString(ProcessHandle.current().pid(), 36);

	private Names() {
	}

	static String unique(String prefix) {
		String base = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
		return requireIdentifier(base + "_" + run + "_" + counter.incrementAndGet());
	}

	static String requireIdentifier(String name) {
		if (!IDENTIFIER.matcher(name).matches()) {
			throw new IllegalArgumentException("'" + name + "' is not a plain lower-case SQL identifier of at most 63 characters");
		}
		return name;
	}

}
