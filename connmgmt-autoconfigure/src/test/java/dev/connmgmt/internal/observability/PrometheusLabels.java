package dev.connmgmt.internal.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labels of one sample in Prometheus's text format, read from what is between its
 * braces.
 */
final class PrometheusLabels {

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

	private PrometheusLabels() {
	}

	static Map<String, String> parse(String labels) {
		Map<String, String> values = new LinkedHashMap<>();
		Matcher label = LABEL.matcher(labels);
		while (label.find()) {
			values.put(label.group(1), label.group(2));
		}
		return values;
	}

}
