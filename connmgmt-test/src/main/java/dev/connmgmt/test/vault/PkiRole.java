package dev.connmgmt.test.vault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A role of the PKI engine, with Vault's defaults: which common names it allows (by
 * {@code allowed_domains}, bare domains, subdomains, globs, {@code localhost}, or any name),
 * whether names must be hostnames, its TTL and max TTL, the key it makes and whether its
 * certificates may authenticate clients and servers.
 */
record PkiRole(List<String> allowedDomains, boolean allowAnyName, boolean allowBareDomains, boolean allowSubdomains,
		boolean allowGlobDomains, boolean allowLocalhost, boolean enforceHostnames, Duration ttl, Duration maxTtl,
		boolean clientFlag, boolean serverFlag, String keyType, int keyBits, Duration notBeforeDuration) {

	private static final String LABEL = "([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])";

	private static final Pattern HOSTNAME = Pattern.compile("^(" + LABEL + "\\.)*" + LABEL + "\\.?$");

	static PkiRole of(VaultRequest request) {
		String keyType = request.has("key_type") ? request.text("key_type") : "rsa";
		if (!keyType.equals("rsa") && !keyType.equals("ec")) {
			throw new VaultException(400, "unsupported key type: " + keyType);
		}
		int keyBits = request.number("key_bits", 0);
		if (keyBits == 0) {
			keyBits = keyType.equals("rsa") ? 2048 : 256;
		}
		if (keyType.equals("rsa") && keyBits < 2048) {
			throw new VaultException(400, "RSA keys < 2048 bits are unsafe and not supported");
		}
		if (keyType.equals("ec") && keyBits != 224 && keyBits != 256 && keyBits != 384 && keyBits != 521) {
			throw new VaultException(400, "unsupported bit length for EC key: " + keyBits);
		}
		Duration ttl = request.duration("ttl", Duration.ZERO);
		Duration maxTtl = request.duration("max_ttl", Duration.ZERO);
		if (!maxTtl.isZero() && ttl.compareTo(maxTtl) > 0) {
			throw new VaultException(400, "\"ttl\" value must be less than \"max_ttl\" value");
		}
		if (request.bool("generate_lease", false)) {
			throw new VaultException(400, "generate_lease is not supported by this dev server");
		}
		return new PkiRole(request.strings("allowed_domains"), request.bool("allow_any_name", false),
				request.bool("allow_bare_domains", false), request.bool("allow_subdomains", false),
				request.bool("allow_glob_domains", false), request.bool("allow_localhost", true),
				request.bool("enforce_hostnames", true), ttl, maxTtl, request.bool("client_flag", true),
				request.bool("server_flag", true), keyType, keyBits,
				request.duration("not_before_duration", Duration.ofSeconds(30)));
	}

	Map<String, Object> describe() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("allowed_domains", this.allowedDomains);
		data.put("allow_any_name", this.allowAnyName);
		data.put("allow_bare_domains", this.allowBareDomains);
		data.put("allow_subdomains", this.allowSubdomains);
		data.put("allow_glob_domains", this.allowGlobDomains);
		data.put("allow_localhost", this.allowLocalhost);
		data.put("enforce_hostnames", this.enforceHostnames);
		data.put("ttl", this.ttl.toSeconds());
		data.put("max_ttl", this.maxTtl.toSeconds());
		data.put("client_flag", this.clientFlag);
		data.put("server_flag", this.serverFlag);
		data.put("key_type", this.keyType);
		data.put("key_bits", this.keyBits);
		data.put("not_before_duration", this.notBeforeDuration.toSeconds());
		data.put("generate_lease", false);
		data.put("no_store", false);
		return data;
	}

	/**
	 * Return whether the role allows a common name, as Vault's name validation does.
	 * @param name the name
	 * @return whether it is allowed
	 */
	boolean allows(String name) {
		String host = name.contains("@") ? name.substring(name.indexOf('@') + 1) : name;
		if (name.contains("*")) {
			return false;
		}
		if (this.enforceHostnames && !HOSTNAME.matcher(host).matches()) {
			return false;
		}
		if (this.allowAnyName) {
			return true;
		}
		if (this.allowLocalhost && (host.equals("localhost") || host.equals("localdomain")
				|| (this.allowSubdomains && (host.endsWith(".localhost") || host.endsWith(".localdomain"))))) {
			return true;
		}
		for (String domain : this.allowedDomains) {
			if (domain.isEmpty()) {
				continue;
			}
			if (this.allowBareDomains && host.equalsIgnoreCase(domain)) {
				return true;
			}
			if (this.allowSubdomains && host.toLowerCase(Locale.ROOT).endsWith("." + domain.toLowerCase(Locale.ROOT))) {
				return true;
			}
			if (this.allowGlobDomains && domain.contains("*") && glob(domain.toLowerCase(Locale.ROOT),
					name.toLowerCase(Locale.ROOT))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return whether a name goes into the certificate's DNS subject alternative names, as
	 * Vault puts a common name that is a hostname there.
	 */
	static boolean isHostname(String name) {
		return !name.contains("@") && HOSTNAME.matcher(name).matches();
	}

	private static boolean glob(String pattern, String name) {
		StringBuilder regex = new StringBuilder();
		for (String part : pattern.split("\\*", -1)) {
			if (regex.length() > 0) {
				regex.append(".*");
			}
			regex.append(Pattern.quote(part));
		}
		return name.matches(regex.toString());
	}

}
