package dev.connmgmt.test.vault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The set-up of Vault's PKI secrets engine at one mount through Vault's HTTP API only, as
 * an operator would with the {@code vault} CLI, so the same set-up works against
 * {@link VaultDevServer} and a real Vault: enable the engine with a max lease TTL, generate
 * a root CA, define a role that issues client certificates.
 *
 * @since 0.1.0
 */
public final class VaultPki {

	private final VaultAdmin admin;

	private final String mount;

	/**
	 * Create the set-up of one mount.
	 * @param admin a client whose token may configure the engine
	 * @param mount the mount path, such as {@code pki}
	 */
	public VaultPki(VaultAdmin admin, String mount) {
		this.admin = admin;
		this.mount = mount;
	}

	/**
	 * Return the mount path.
	 * @return the mount
	 */
	public String mount() {
		return this.mount;
	}

	/**
	 * Enable the PKI engine at the mount ({@code vault secrets enable -path=<mount>
	 * -max-lease-ttl=<max> pki}).
	 * @param maxLeaseTtl the longest TTL of any certificate the mount issues
	 */
	public void enable(Duration maxLeaseTtl) {
		this.admin.call("POST", "sys/mounts/" + this.mount,
				Map.of("type", "pki", "config", Map.of("max_lease_ttl", maxLeaseTtl.toSeconds() + "s")));
	}

	/**
	 * Generate the mount's root CA, keeping its key inside Vault.
	 * @param commonName the CA's common name
	 * @param ttl how long the CA certificate is valid
	 * @return the CA certificate, PEM-encoded
	 */
	public String generateRoot(String commonName, Duration ttl) {
		return this.admin
			.write(this.mount + "/root/generate/internal",
					Map.of("common_name", commonName, "ttl", ttl.toSeconds() + "s", "key_type", "ec"))
			.path("data")
			.path("certificate")
			.asText();
	}

	/**
	 * Define a role that issues client certificates (EC P-256 keys) for the given common
	 * names only, such as database login roles.
	 * @param role the role's name
	 * @param ttl the default TTL of its certificates
	 * @param maxTtl the longest TTL of its certificates
	 * @param commonNames the names its certificates may carry
	 */
	public void clientRole(String role, Duration ttl, Duration maxTtl, String... commonNames) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("allowed_domains", List.of(commonNames));
		body.put("allow_bare_domains", true);
		body.put("allow_localhost", false);
		body.put("enforce_hostnames", false);
		body.put("client_flag", true);
		body.put("server_flag", false);
		body.put("key_type", "ec");
		body.put("key_bits", 256);
		body.put("ttl", ttl.toSeconds() + "s");
		body.put("max_ttl", maxTtl.toSeconds() + "s");
		this.admin.call("POST", this.mount + "/roles/" + role, body);
	}

	@Override
	public String toString() {
		return "VaultPki[" + this.mount + "]";
	}

}
