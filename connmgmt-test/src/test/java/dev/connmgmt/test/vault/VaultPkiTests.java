package dev.connmgmt.test.vault;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connmgmt.test.secrets.IssuedSecrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Vault dev server's PKI engine, configured only through Vault's HTTP API: a root CA,
 * a role, and client certificates whose NotAfter follows Vault's TTL rules (request, role,
 * mount; capped at the role's max TTL, else the mount's), with no lease. Runs against
 * {@code VAULT_ADDR} when set.
 */
class VaultPkiTests {

	private TestVault vault;

	private VaultAdmin root;

	private VaultPki pki;

	private String mount;

	private X509Certificate ca;

	@BeforeEach
	void mountThePkiEngine() throws Exception {
		this.vault = TestVault.start();
		this.root = this.vault.root();
		this.mount = "pki-" + UUID.randomUUID().toString().substring(0, 8);
		this.pki = new VaultPki(this.root, this.mount);
		this.pki.enable(Duration.ofHours(2));
		this.ca = certificate(this.pki.generateRoot("connmgmt test CA", Duration.ofHours(1)));
		this.pki.clientRole("app", Duration.ofSeconds(10), Duration.ofMinutes(1), "app_user");
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void issuesAClientCertificateAndKeySignedByTheRootWithoutALease() throws Exception {
		Instant before = Instant.now();
		JsonNode issued = this.root.write(this.mount + "/issue/app", Map.of("common_name", "app_user"));
		JsonNode data = issued.path("data");
		X509Certificate certificate = certificate(data.path("certificate").asText());
		certificate.verify(this.ca.getPublicKey());
		assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=app_user");
		assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
		assertThat(certificate.getNotAfter().toInstant()).isBetween(before.plusSeconds(9), Instant.now().plusSeconds(10));
		assertThat(data.path("expiration").asLong()).isEqualTo(certificate.getNotAfter().toInstant().getEpochSecond());
		assertThat(data.path("serial_number").asText().replace(":", ""))
			.isEqualTo(String.format("%040x", certificate.getSerialNumber()));
		assertThat(certificate(data.path("issuing_ca").asText())).isEqualTo(this.ca);
		assertThat(data.path("ca_chain")).hasSize(1);
		assertThat(data.path("private_key").asText()).startsWith("-----BEGIN EC PRIVATE KEY-----");
		assertThat(data.path("private_key_type").asText()).isEqualTo("ec");
		assertThat(issued.path("lease_id").asText()).isEmpty();
		assertThat(issued.path("lease_duration").asLong()).isZero();
		assertThat(issued.path("renewable").asBoolean()).isFalse();
	}

	@Test
	void theKeyInPkcs8AndDerIsTheCertificatesKey() throws Exception {
		JsonNode data = this.root
			.write(this.mount + "/issue/app",
					Map.of("common_name", "app_user", "format", "der", "private_key_format", "pkcs8"))
			.path("data");
		X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(data.path("certificate").asText())));
		PrivateKey key = KeyFactory.getInstance("EC")
			.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(data.path("private_key").asText())));
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(key);
		signer.update("proof".getBytes(StandardCharsets.UTF_8));
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(certificate.getPublicKey());
		verifier.update("proof".getBytes(StandardCharsets.UTF_8));
		assertThat(verifier.verify(signature)).isTrue();
	}

	@Test
	void aTtlAboveTheRolesMaxIsCappedWithVaultsWarning() throws Exception {
		JsonNode issued = this.root.write(this.mount + "/issue/app", Map.of("common_name", "app_user", "ttl", "1h"));
		X509Certificate certificate = certificate(issued.path("data").path("certificate").asText());
		assertThat(certificate.getNotAfter().toInstant()).isCloseTo(Instant.now().plusSeconds(60), within(Duration.ofSeconds(3)));
		assertThat(issued.path("warnings").toString()).contains("is longer than permitted maxTTL", "maxTTL is being used");
	}

	@Test
	void withoutARoleMaxTheMountsTunedMaxCaps() throws Exception {
		this.root.write(this.mount + "/roles/open", Map.of("allow_any_name", true, "enforce_hostnames", false));
		this.root.write("sys/mounts/" + this.mount + "/tune", Map.of("max_lease_ttl", "20s"));
		assertThat(this.root.read("sys/mounts/" + this.mount + "/tune").path("data").path("max_lease_ttl").asLong())
			.isEqualTo(20);
		JsonNode issued = this.root.write(this.mount + "/issue/open", Map.of("common_name", "anyone", "ttl", "1h"));
		X509Certificate certificate = certificate(issued.path("data").path("certificate").asText());
		assertThat(certificate.getNotAfter().toInstant()).isCloseTo(Instant.now().plusSeconds(20), within(Duration.ofSeconds(3)));
	}

	@Test
	void aCertificateThatWouldOutliveItsCaIsRefused() {
		this.pki.clientRole("long", Duration.ofSeconds(10), Duration.ofHours(2), "app_user");
		VaultResponse refused = this.root.exchange("POST", this.mount + "/issue/long",
				Map.of("common_name", "app_user", "ttl", "90m"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("beyond the expiration of the CA certificate");
	}

	@Test
	void theRoleDecidesWhichNamesItCertifies() {
		VaultResponse stranger = this.root.exchange("POST", this.mount + "/issue/app", Map.of("common_name", "postgres"));
		assertThat(stranger.status()).isEqualTo(400);
		assertThat(stranger.body()).contains("common name postgres not allowed by this role");
		VaultResponse unknown = this.root.exchange("POST", this.mount + "/issue/nobody", Map.of("common_name", "app_user"));
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.body()).contains("unknown role: nobody");
		JsonNode role = this.root.read(this.mount + "/roles/app").path("data");
		assertThat(role.path("max_ttl").asLong()).isEqualTo(60);
		assertThat(role.path("allowed_domains").toString()).isEqualTo("[\"app_user\"]");
		assertThat(this.root.status("PUT", this.mount + "/roles/bad", Map.of("ttl", "2m", "max_ttl", "1m")))
			.isEqualTo(400);
	}

	@Test
	void theCaCertificateIsReadWithoutATokenAndIssuingNeedsOne() throws Exception {
		VaultAdmin anonymous = this.root.as(null);
		VaultResponse pem = anonymous.exchange("GET", this.mount + "/ca/pem", null);
		assertThat(pem.status()).isEqualTo(200);
		assertThat(certificate(pem.body())).isEqualTo(this.ca);
		assertThat(certificate(anonymous.read(this.mount + "/cert/ca").path("data").path("certificate").asText()))
			.isEqualTo(this.ca);
		assertThat(anonymous.status("POST", this.mount + "/issue/app", Map.of("common_name", "app_user")))
			.isEqualTo(403);
	}

	@Test
	void issuedKeysAndCertificatesAreRecordedAsSecretsAndTheCaIsNot() {
		JsonNode data = this.root.write(this.mount + "/issue/app", Map.of("common_name", "app_user")).path("data");
		String key = data.path("private_key").asText();
		String certificate = data.path("certificate").asText();
		assertThat(IssuedSecrets.contains(key)).isTrue();
		assertThat(IssuedSecrets.contains(certificate)).isTrue();
		assertThat(IssuedSecrets.contains(key.lines().skip(1).findFirst().orElseThrow())).isTrue();
		assertThat(IssuedSecrets.contains(data.path("issuing_ca").asText())).isFalse();
		assertThat(List.of("serial " + data.path("serial_number").asText()))
			.noneMatch(IssuedSecrets::contains);
	}

	private static X509Certificate certificate(String pem) throws Exception {
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
	}

}
