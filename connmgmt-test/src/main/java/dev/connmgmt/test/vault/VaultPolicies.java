package dev.connmgmt.test.vault;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.connmgmt.test.vault.VaultRequest.Operation;

/**
 * Vault's ACL policies: named sets of {@code path "<pattern>" { capabilities = [...] }}
 * rules in HCL, where a pattern may end in {@code *} (any suffix) and contain {@code +}
 * (one segment). A token may do what the most specific pattern matching the path allows
 * in the union of its policies; {@code deny} wins, {@code root} may do everything, and the
 * built-in {@code default} policy lets a token look up, renew and revoke itself and renew
 * and look up leases. A write needs {@code create} or {@code update} (Vault tells the two
 * apart by whether the target exists; this server accepts either).
 */
final class VaultPolicies {

	private static final Pattern COMMENT = Pattern.compile("(?m)^\\s*(#|//).*$");

	private static final Pattern PATH = Pattern.compile("path\\s+\"([^\"]+)\"\\s*\\{([^}]*)\\}");

	private static final Pattern CAPABILITIES = Pattern.compile("capabilities\\s*=\\s*\\[([^\\]]*)\\]");

	private static final Pattern LEGACY = Pattern.compile("policy\\s*=\\s*\"(\\w+)\"");

	private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"");

	private static final Set<String> KNOWN = Set.of("create", "read", "update", "patch", "delete", "list", "sudo",
			"deny", "subscribe");

	private static final List<String> SUDO_PATHS = List.of("sys/auth/", "sys/leases/revoke-force",
			"sys/leases/revoke-prefix");

	private static final String DEFAULT = """
			path "auth/token/lookup-self" { capabilities = ["read"] }
			path "auth/token/renew-self" { capabilities = ["update"] }
			path "auth/token/revoke-self" { capabilities = ["update"] }
			path "sys/capabilities-self" { capabilities = ["update"] }
			path "sys/renew" { capabilities = ["update"] }
			path "sys/leases/renew" { capabilities = ["update"] }
			path "sys/leases/lookup" { capabilities = ["update"] }
			""";

	/**
	 * Vault's order of specificity: a later first wildcard wins, then no trailing
	 * {@code *}, then fewer {@code +} segments, then the longer pattern, then the
	 * lexically greater one.
	 */
	private static final Comparator<String> PRIORITY = Comparator
		.comparingInt(VaultPolicies::firstWildcard)
		.thenComparing((pattern) -> !pattern.endsWith("*"))
		.thenComparingInt((String pattern) -> -plusSegments(pattern))
		.thenComparingInt(String::length)
		.thenComparing(Comparator.naturalOrder());

	private final Map<String, Policy> policies = new ConcurrentHashMap<>();

	VaultPolicies() {
		this.policies.put("default", parse("default", DEFAULT));
	}

	void write(String name, String text) {
		String key = name(name);
		if (key.equals("root")) {
			throw new VaultException(400, "cannot update \"root\" policy");
		}
		this.policies.put(key, parse(key, text));
	}

	Policy read(String name) {
		return this.policies.get(name(name));
	}

	void delete(String name) {
		String key = name(name);
		if (key.equals("root") || key.equals("default")) {
			throw new VaultException(400, "cannot delete \"" + key + "\" policy");
		}
		this.policies.remove(key);
	}

	boolean exists(String name) {
		return name.equals("root") || this.policies.containsKey(name(name));
	}

	/**
	 * Whether a token with the given policies may do an operation on a path.
	 * @param tokenPolicies the token's policies
	 * @param operation the operation
	 * @param path the path
	 * @return whether it is allowed
	 */
	boolean allows(List<String> tokenPolicies, Operation operation, String path) {
		if (tokenPolicies.contains("root")) {
			return true;
		}
		Set<String> capabilities = capabilities(tokenPolicies, path);
		if (capabilities.contains("deny")) {
			return false;
		}
		if (SUDO_PATHS.stream().anyMatch(path::startsWith) && !capabilities.contains("sudo")) {
			return false;
		}
		return switch (operation) {
			case READ -> capabilities.contains("read");
			case LIST -> capabilities.contains("list");
			case WRITE -> capabilities.contains("create") || capabilities.contains("update");
			case DELETE -> capabilities.contains("delete");
		};
	}

	boolean sudo(List<String> tokenPolicies, String path) {
		Set<String> capabilities = capabilities(tokenPolicies, path);
		return tokenPolicies.contains("root") || (capabilities.contains("sudo") && !capabilities.contains("deny"));
	}

	private Set<String> capabilities(List<String> tokenPolicies, String path) {
		Map<String, Set<String>> merged = new HashMap<>();
		for (String name : tokenPolicies) {
			Policy policy = this.policies.get(name);
			if (policy != null) {
				policy.rules().forEach((pattern, capabilities) -> merged
					.computeIfAbsent(pattern, (key) -> new TreeSet<>())
					.addAll(capabilities));
			}
		}
		return merged.keySet()
			.stream()
			.filter((pattern) -> matches(pattern, path))
			.max(PRIORITY)
			.map(merged::get)
			.orElse(Set.of());
	}

	static boolean matches(String pattern, String path) {
		boolean glob = pattern.endsWith("*");
		String base = glob ? pattern.substring(0, pattern.length() - 1) : pattern;
		StringBuilder regex = new StringBuilder();
		String[] segments = base.split("/", -1);
		for (int i = 0; i < segments.length; i++) {
			regex.append((i > 0) ? "/" : "").append(segments[i].equals("+") ? "[^/]+" : Pattern.quote(segments[i]));
		}
		return Pattern.matches(regex + (glob ? ".*" : ""), path);
	}

	private static int firstWildcard(String pattern) {
		int plus = pattern.indexOf('+');
		int star = pattern.indexOf('*');
		return Math.min((plus < 0) ? Integer.MAX_VALUE : plus, (star < 0) ? Integer.MAX_VALUE : star);
	}

	private static int plusSegments(String pattern) {
		return (int) List.of(pattern.split("/")).stream().filter("+"::equals).count();
	}

	static Policy parse(String name, String text) {
		String hcl = COMMENT.matcher((text != null) ? text : "").replaceAll("");
		Map<String, Set<String>> rules = new LinkedHashMap<>();
		Matcher path = PATH.matcher(hcl);
		int end = 0;
		while (path.find()) {
			if (!hcl.substring(end, path.start()).isBlank()) {
				break;
			}
			rules.computeIfAbsent(path.group(1), (key) -> new TreeSet<>()).addAll(capabilities(path.group(2)));
			end = path.end();
		}
		if (rules.isEmpty() || !hcl.substring(end).isBlank()) {
			throw new VaultException(400, "failed to parse policy: expected path blocks with capabilities");
		}
		return new Policy(name, text, rules);
	}

	private static Set<String> capabilities(String block) {
		Set<String> capabilities = new TreeSet<>();
		Matcher list = CAPABILITIES.matcher(block);
		Matcher legacy = LEGACY.matcher(block);
		if (list.find()) {
			Matcher word = WORD.matcher(list.group(1));
			while (word.find()) {
				capabilities.add(word.group(1).toLowerCase(Locale.ROOT));
			}
		}
		else if (legacy.find()) {
			capabilities.addAll(switch (legacy.group(1)) {
				case "read" -> List.of("read", "list");
				case "write" -> List.of("create", "read", "update", "delete", "list");
				case "sudo" -> List.of("create", "read", "update", "delete", "list", "sudo");
				case "deny" -> List.of("deny");
				default -> throw new VaultException(400,
						"failed to parse policy: unknown policy \"" + legacy.group(1) + "\"");
			});
		}
		for (String capability : capabilities) {
			if (!KNOWN.contains(capability)) {
				throw new VaultException(400, "failed to parse policy: invalid capability \"" + capability + "\"");
			}
		}
		return capabilities;
	}

	private static String name(String name) {
		return name.trim().toLowerCase(Locale.ROOT);
	}

	/**
	 * One policy: its text as written and its rules.
	 */
	record Policy(String name, String text, Map<String, Set<String>> rules) {
	}

}
