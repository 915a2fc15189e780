package dev.connmgmt.test.vault;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.connmgmt.test.secrets.IssuedSecrets;

/**
 * Vault's PKI secrets engine at one mount: a root CA made with
 * {@code root/generate/internal} (or {@code exported}), roles, and certificates with their
 * private keys issued by {@code issue/<role>}. TTLs follow Vault's rules: the request's
 * {@code ttl}, else the role's, else the mount's default lease TTL; capped (with a warning)
 * at the role's {@code max_ttl}, else the mount's max lease TTL; refused when the
 * certificate would outlive its CA. A certificate's expiry is its NotAfter; issued
 * certificates have no lease, as with Vault's default {@code generate_lease=false}.
 * <p>
 * Every private key and certificate issued is recorded with {@link IssuedSecrets}, so that
 * tests can tell when one shows up where it must not.
 */
final class PkiEngine {

	private final Map<String, PkiRole> roles = new ConcurrentHashMap<>();

	private final List<Issuer> issuers = new CopyOnWriteArrayList<>();

	private volatile Duration defaultLeaseTtl;

	private volatile Duration maxLeaseTtl;

	PkiEngine(Duration defaultLeaseTtl, Duration maxLeaseTtl) {
		tune(defaultLeaseTtl, maxLeaseTtl);
	}

	void tune(Duration defaultLeaseTtl, Duration maxLeaseTtl) {
		this.maxLeaseTtl = VaultLeases.capToSystemMax(maxLeaseTtl);
		this.defaultLeaseTtl = VaultLeases.defaultTtl(defaultLeaseTtl, this.maxLeaseTtl);
	}

	Map<String, Object> tuning() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("default_lease_ttl", this.defaultLeaseTtl.toSeconds());
		data.put("max_lease_ttl", this.maxLeaseTtl.toSeconds());
		return data;
	}

	Reply generateRoot(String kind, VaultRequest request) {
		if (!kind.equals("internal") && !kind.equals("exported")) {
			throw VaultException.noHandler(request.path());
		}
		String commonName = request.text("common_name");
		if (commonName == null || commonName.isBlank()) {
			throw new VaultException(400, "the common_name field is required");
		}
		List<String> warnings = new ArrayList<>();
		Instant now = Instant.now();
		Instant notAfter = now.plus(ttl(request.duration("ttl", Duration.ZERO), Duration.ZERO, warnings));
		KeyPair keys = X509Maker.keyPair(request.has("key_type") ? request.text("key_type") : "rsa",
				request.number("key_bits", 0) != 0 ? request.number("key_bits", 0)
						: ("ec".equals(request.text("key_type")) ? 256 : 2048));
		X509Certificate certificate = X509Maker.root(commonName, keys, now.minusSeconds(30), notAfter);
		Issuer issuer = new Issuer(UUID.randomUUID().toString(), request.has("issuer_name")
				? request.text("issuer_name") : "", keys, certificate);
		this.issuers.add(issuer);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("certificate", X509Maker.certificatePem(certificate));
		data.put("issuing_ca", X509Maker.certificatePem(certificate));
		data.put("serial_number", X509Maker.serialText(certificate.getSerialNumber()));
		data.put("expiration", certificate.getNotAfter().toInstant().getEpochSecond());
		data.put("issuer_id", issuer.id());
		data.put("issuer_name", issuer.name());
		data.put("key_id", issuer.id());
		if (kind.equals("exported")) {
			byte[] key = X509Maker.typedDer(keys.getPrivate());
			IssuedSecrets.recordDer(key, X509Maker.secretParts(keys.getPrivate()));
			data.put("private_key", X509Maker.pem(pemLabel(keys), key));
			data.put("private_key_type", X509Maker.keyType(keys.getPrivate()));
		}
		return Reply.data(data, warnings);
	}

	void defineRole(String name, VaultRequest request) {
		this.roles.put(name, PkiRole.of(request));
	}

	Map<String, Object> readRole(String name) {
		PkiRole role = this.roles.get(name);
		return (role != null) ? role.describe() : null;
	}

	void deleteRole(String name) {
		this.roles.remove(name);
	}

	List<String> roleNames() {
		return List.copyOf(this.roles.keySet());
	}

	/**
	 * Issue a certificate and its private key for a role.
	 * @param roleName the role
	 * @param request the call, with {@code common_name}, {@code ttl}, {@code format},
	 * {@code private_key_format} and {@code exclude_cn_from_sans}
	 * @return the reply, in the requested format, without a lease
	 */
	Reply issue(String roleName, VaultRequest request) {
		PkiRole role = this.roles.get(roleName);
		if (role == null) {
			throw new VaultException(400, "unknown role: " + roleName);
		}
		Issuer issuer = defaultIssuer();
		String commonName = request.text("common_name");
		if (commonName == null || commonName.isEmpty()) {
			throw new VaultException(400, "the common_name field is required, or must be provided in a CSR with "
					+ "\"use_csr_common_name\" set to true, unless \"require_cn\" is set to false");
		}
		if (!role.allows(commonName)) {
			throw new VaultException(400, "common name " + commonName + " not allowed by this role");
		}
		String format = request.has("format") ? request.text("format") : "pem";
		if (!List.of("pem", "der", "pem_bundle").contains(format)) {
			throw new VaultException(400, "the \"format\" path parameter must be \"pem\", \"der\", or \"pem_bundle\"");
		}
		List<String> warnings = new ArrayList<>();
		Instant now = Instant.now();
		Instant notAfter = now.plus(ttl(request.duration("ttl", Duration.ZERO), role, warnings));
		Instant caNotAfter = issuer.certificate().getNotAfter().toInstant();
		if (notAfter.isAfter(caNotAfter)) {
			throw new VaultException(400, "cannot satisfy request, as TTL would result in notAfter of " + notAfter
					+ " that is beyond the expiration of the CA certificate at " + caNotAfter);
		}
		boolean sans = !request.bool("exclude_cn_from_sans", false) && PkiRole.isHostname(commonName);
		KeyPair keys = X509Maker.keyPair(role.keyType(), role.keyBits());
		X509Certificate certificate = X509Maker.leaf(new X509Maker.Leaf(commonName,
				sans ? List.of(commonName) : List.of(), now.minus(role.notBeforeDuration()), notAfter,
				role.clientFlag(), role.serverFlag()), keys, issuer.certificate(), issuer.keys().getPrivate());
		byte[] certificateDer = X509Maker.der(certificate);
		byte[] typedKey = X509Maker.typedDer(keys.getPrivate());
		byte[] pkcs8 = keys.getPrivate().getEncoded();
		String caBase64 = Base64.getEncoder().encodeToString(X509Maker.der(issuer.certificate()));
		byte[][] secretParts = X509Maker.secretParts(keys.getPrivate());
		IssuedSecrets.recordDer(typedKey, secretParts);
		IssuedSecrets.recordDer(pkcs8, secretParts);
		IssuedSecrets.recordDer(certificateDer, X509Maker.uniqueParts(certificate));
		boolean pkcs8Wanted = "pkcs8".equals(request.text("private_key_format"));
		byte[] key = pkcs8Wanted ? pkcs8 : typedKey;
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("expiration", certificate.getNotAfter().toInstant().getEpochSecond());
		data.put("serial_number", X509Maker.serialText(certificate.getSerialNumber()));
		if (format.equals("der")) {
			data.put("certificate", Base64.getEncoder().encodeToString(certificateDer));
			data.put("issuing_ca", caBase64);
			data.put("ca_chain", List.of(caBase64));
			data.put("private_key", Base64.getEncoder().encodeToString(key));
		}
		else {
			String certificatePem = X509Maker.pem("CERTIFICATE", certificateDer);
			String keyPem = X509Maker.pem(pkcs8Wanted ? "PRIVATE KEY" : pemLabel(keys), key);
			data.put("certificate", format.equals("pem_bundle")
					? keyPem + "\n" + certificatePem + "\n" + X509Maker.certificatePem(issuer.certificate())
					: certificatePem);
			data.put("issuing_ca", X509Maker.certificatePem(issuer.certificate()));
			data.put("ca_chain", List.of(X509Maker.certificatePem(issuer.certificate())));
			data.put("private_key", keyPem);
		}
		data.put("private_key_type", X509Maker.keyType(keys.getPrivate()));
		return Reply.data(data, warnings);
	}

	/**
	 * Return the default issuer's certificate, or {@code null} before a root was made.
	 * @return the certificate
	 */
	X509Certificate caCertificate() {
		return this.issuers.isEmpty() ? null : this.issuers.get(0).certificate();
	}

	/**
	 * Return the TTL Vault grants: the wanted one, else the role's, else the mount's
	 * default; capped at the role's max TTL, else the mount's max.
	 */
	private Duration ttl(Duration wanted, PkiRole role, List<String> warnings) {
		return ttl(wanted.isZero() ? role.ttl() : wanted, role.maxTtl(), warnings);
	}

	private Duration ttl(Duration wanted, Duration roleMax, List<String> warnings) {
		Duration ttl = wanted.isZero() ? this.defaultLeaseTtl : wanted;
		Duration max = roleMax.isZero() ? this.maxLeaseTtl : roleMax;
		if (ttl.compareTo(max) > 0) {
			warnings.add("TTL \"" + VaultLeases.go(ttl) + "\" is longer than permitted maxTTL \"" + VaultLeases.go(max)
					+ "\", so maxTTL is being used");
			return max;
		}
		return ttl;
	}

	private Issuer defaultIssuer() {
		if (this.issuers.isEmpty()) {
			throw new VaultException(400,
					"could not fetch the CA certificate (was one set?): no default issuer currently configured");
		}
		return this.issuers.get(0);
	}

	private static String pemLabel(KeyPair keys) {
		return "EC".equals(keys.getPrivate().getAlgorithm()) ? "EC PRIVATE KEY" : "RSA PRIVATE KEY";
	}

	/**
	 * A CA certificate and its key.
	 */
	private record Issuer(String id, String name, KeyPair keys, X509Certificate certificate) {

		@Override
		public String toString() {
			return "Issuer[" + this.id + "]";
		}

	}

}
