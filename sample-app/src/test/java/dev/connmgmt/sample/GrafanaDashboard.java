package dev.connmgmt.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.json.JsonParserFactory;

/**
 * The Grafana dashboard the repository ships, {@value #LOCATION}, read as a user imports
 * it: its panels, their queries, and the queries of its template variables.
 */
final class GrafanaDashboard {

	static final String LOCATION = "docs/grafana/connmgmt-dashboard.json";

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");

	private final Map<String, Object> json;

	private GrafanaDashboard(Map<String, Object> json) {
		this.json = json;
	}

	/**
	 * Read the dashboard from the repository holding the module being tested (both
	 * sample modules sit at its top level).
	 */
	static GrafanaDashboard load() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.isRegularFile(directory.resolve(LOCATION))) {
			directory = directory.getParent();
		}
		if (directory == null) {
			throw new IllegalStateException(LOCATION + " not found above " + Path.of("").toAbsolutePath());
		}
		try {
			return new GrafanaDashboard(JsonParserFactory.getJsonParser().parseMap(Files.readString(directory.resolve(LOCATION))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Map<String, Object> json() {
		return this.json;
	}

	List<Map<String, Object>> panels() {
		return maps(this.json.get("panels"));
	}

	List<Map<String, Object>> variables() {
		return maps(map(this.json.get("templating")).get("list"));
	}

	Map<String, Object> variable(String name) {
		return variables().stream()
			.filter((variable) -> name.equals(variable.get("name")))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No template variable " + name));
	}

	/**
	 * Return every query of the dashboard: each target's {@code expr}, named by its panel,
	 * and for each query variable the series its {@code label_values} reads, with the label
	 * it lists added as a matcher so that the label is checked too.
	 */
	Map<String, String> queries() {
		Map<String, String> queries = new LinkedHashMap<>();
		for (Map<String, Object> panel : panels()) {
			List<Map<String, Object>> targets = maps(panel.getOrDefault("targets", List.of()));
			for (int i = 0; i < targets.size(); i++) {
				queries.put(panel.get("title") + " #" + (i + 1), (String) targets.get(i).get("expr"));
			}
		}
		for (Map<String, Object> variable : variables()) {
			if ("query".equals(variable.get("type"))) {
				String query = (String) map(variable.get("query")).get("query");
				Matcher labelValues = LABEL_VALUES.matcher(query);
				if (!labelValues.matches()) {
					throw new IllegalStateException("Variable " + variable.get("name") + " does not list label values: "
							+ query);
				}
				String series = labelValues.group(1).strip();
				String label = labelValues.group(2) + "=~\".+\"";
				queries.put("variable " + variable.get("name"), series.endsWith("}")
						? series.substring(0, series.length() - 1) + ", " + label + "}" : series + "{" + label + "}");
			}
		}
		return queries;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> maps(Object value) {
		return new ArrayList<>((List<Map<String, Object>>) value);
	}

}
