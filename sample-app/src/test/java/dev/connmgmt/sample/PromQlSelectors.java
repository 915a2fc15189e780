package dev.connmgmt.sample;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series selectors of a PromQL expression: each metric name it reads, with the label
 * names its matchers test. Functions, aggregations and their {@code by}/{@code without}
 * lists, vector matching clauses, keywords, numbers, durations, strings and Grafana
 * variables ({@code $pool}, {@code $__rate_interval}) are not metric names and are skipped.
 */
final class PromQlSelectors {

	private static final Set<String> NOT_METRICS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
			"count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio", "by", "without", "on",
			"ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan");

	private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right");

	private static final Pattern MATCHER = Pattern
		.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`)");

	private final String expression;

	private int position;

	private PromQlSelectors(String expression) {
		this.expression = expression;
	}

	/**
	 * Return the selectors of the expression, in the order they appear.
	 * @throws IllegalArgumentException for a selector without a metric name, which names
	 * no meter to check
	 */
	static List<Selector> of(String expression) {
		return new PromQlSelectors(expression).parse();
	}

	private List<Selector> parse() {
		List<Selector> selectors = new ArrayList<>();
		while (this.position < this.expression.length()) {
			char c = this.expression.charAt(this.position);
			if (c == '"' || c == '\'' || c == '`') {
				skipString(c);
			}
			else if (c == '[') {
				skipPast(']');
			}
			else if (c == '$') {
				skipVariable();
			}
			else if (c == '{') {
				throw new IllegalArgumentException("Selector without a metric name in " + this.expression);
			}
			else if (Character.isDigit(c) || (c == '.' && nextIsDigit())) {
				skipNumber();
			}
			else if (Character.isLetter(c) || c == '_' || c == ':') {
				identifier(selectors);
			}
			else {
				this.position++;
			}
		}
		return selectors;
	}

	private void identifier(List<Selector> selectors) {
		int start = this.position;
		while (this.position < this.expression.length() && isNamePart(this.expression.charAt(this.position))) {
			this.position++;
		}
		String name = this.expression.substring(start, this.position);
		char next = peekAfterSpaces();
		if (LABEL_LISTS.contains(name) && next == '(') {
			skipSpaces();
			skipPast(')');
		}
		else if (name.equals("offset")) {
			skipSpaces();
			skipDuration();
		}
		else if (next == '(' || NOT_METRICS.contains(name)) {
			return;
		}
		else if (next == '{') {
			skipSpaces();
			int open = this.position;
			skipPast('}');
			selectors.add(new Selector(name, labels(this.expression.substring(open + 1, this.position - 1))));
		}
		else {
			selectors.add(new Selector(name, Set.of()));
		}
	}

	private Set<String> labels(String matchers) {
		Set<String> labels = new LinkedHashSet<>();
		Matcher matcher = MATCHER.matcher(matchers);
		while (matcher.find()) {
			labels.add(matcher.group(1));
		}
		return labels;
	}

	private void skipString(char quote) {
		this.position++;
		while (this.position < this.expression.length() && this.expression.charAt(this.position) != quote) {
			this.position += (this.expression.charAt(this.position) == '\\' && quote != '`') ? 2 : 1;
		}
		this.position++;
	}

	private void skipPast(char close) {
		while (this.position < this.expression.length() && this.expression.charAt(this.position) != close) {
			char c = this.expression.charAt(this.position);
			if (c == '"' || c == '\'' || c == '`') {
				skipString(c);
			}
			else {
				this.position++;
			}
		}
		this.position++;
	}

	private void skipVariable() {
		this.position++;
		if (this.position < this.expression.length() && this.expression.charAt(this.position) == '{') {
			skipPast('}');
			return;
		}
		while (this.position < this.expression.length() && isNamePart(this.expression.charAt(this.position))) {
			this.position++;
		}
	}

	private void skipNumber() {
		while (this.position < this.expression.length()) {
			char c = this.expression.charAt(this.position);
			boolean exponentSign = (c == '+' || c == '-') && "eE".indexOf(this.expression.charAt(this.position - 1)) >= 0;
			if (!Character.isLetterOrDigit(c) && c != '.' && !exponentSign) {
				return;
			}
			this.position++;
		}
	}

	private void skipDuration() {
		if (this.position < this.expression.length() && this.expression.charAt(this.position) == '$') {
			skipVariable();
			return;
		}
		while (this.position < this.expression.length()
				&& (Character.isLetterOrDigit(this.expression.charAt(this.position))
						|| this.expression.charAt(this.position) == '-')) {
			this.position++;
		}
	}

	private char peekAfterSpaces() {
		int at = this.position;
		while (at < this.expression.length() && Character.isWhitespace(this.expression.charAt(at))) {
			at++;
		}
		return (at < this.expression.length()) ? this.expression.charAt(at) : 0;
	}

	private void skipSpaces() {
		while (this.position < this.expression.length() && Character.isWhitespace(this.expression.charAt(this.position))) {
			this.position++;
		}
	}

	private boolean nextIsDigit() {
		return this.position + 1 < this.expression.length() && Character.isDigit(this.expression.charAt(this.position + 1));
	}

	private static boolean isNamePart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == ':';
	}

	/**
	 * A metric a query reads, and the labels its matchers test.
	 */
	record Selector(String metric, Set<String> labels) {

	}

}
