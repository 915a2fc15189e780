package dev.connmgmt.internal.security;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.connmgmt.internal.security.PostgresTlsSettings.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresTlsSettingsTests {

	@Test
	void readsHostsWithoutPortsAndOnlyTheTlsParameters() {
		PostgresTlsSettings settings = PostgresTlsSettings.of(
				"jdbc:postgresql://db-1.example.com:5432,[fd00::7]:5433/orders?password=hunter2secret&sslmode=verify-ca"
						+ "&ssl=true&sslfactory=org.postgresql.ssl.NonValidatingFactory",
				Map.of());
		assertThat(settings.hosts()).containsExactly("db-1.example.com", "fd00::7");
		assertThat(settings.written()).containsExactly(new Setting("sslmode", "verify-ca", null),
				new Setting("ssl", "true", null), new Setting("sslfactory", PostgresTlsSettings.NON_VALIDATING_FACTORY, null));
		assertThat(settings.written().toString()).doesNotContain("hunter2secret");
	}

	@ParameterizedTest
	@CsvSource({ "jdbc:postgresql://localhost:5432/db, ", "jdbc:postgresql://LOCALHOST/db, ",
			"jdbc:postgresql://127.0.0.1/db, ", "jdbc:postgresql://127.8.9.10:6432/db, ",
			"jdbc:postgresql://[::1]:5432/db, ", "jdbc:postgresql://pg.localhost/db, ", "jdbc:postgresql:orders, ",
			"jdbc:postgresql:///orders, ", "jdbc:postgresql://db.example.com/db, db.example.com",
			"'jdbc:postgresql://localhost:5432,10.1.2.3:5432/db', 10.1.2.3",
			"jdbc:postgresql://localhost.example.com/db, localhost.example.com",
			"jdbc:postgresql://127.0.0.300/db, 127.0.0.300", "jdbc:postgresql://192.0.2.7?sslmode=disable, 192.0.2.7" })
	void aHostIsLocalByItsNameAloneWithoutResolvingIt(String url, String remote) {
		assertThat(PostgresTlsSettings.of(url, Map.of()).firstRemoteHost()).isEqualTo(remote);
	}

	@ParameterizedTest
	@CsvSource({ "'', '', prefer", "?sslmode=disable, '', disable", "?sslmode=VERIFY-FULL, '', verify-full",
			"?ssl=true, '', verify-full", "?ssl, '', verify-full", "?ssl=false, '', prefer",
			"'', sslmode=require, require", "?sslmode=verify-ca, sslmode=disable, verify-ca",
			"'', ssl=true, verify-full", "?ssl=true, sslmode=require, require" })
	void effectiveSslModeIsPgJdbcsUrlFirstThenDriverPropertiesThenSslThenPrefer(String query, String property,
			String expected) {
		Map<String, String> properties = new LinkedHashMap<>();
		if (!property.isEmpty()) {
			properties.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
		}
		PostgresTlsSettings settings = PostgresTlsSettings.of("jdbc:postgresql://db.example.com/orders" + query,
				properties);
		assertThat(settings.effectiveSslMode()).isEqualTo(expected);
	}

	@Test
	void urlParametersCountOnlyUnderTheNamesPgJdbcReads() {
		PostgresTlsSettings settings = PostgresTlsSettings.of("jdbc:postgresql://db.example.com/orders?sslMode=verify-full",
				Map.of());
		assertThat(settings.written()).as("PgJDBC ignores sslMode in a URL").isEmpty();
		assertThat(settings.isSslModeWritten()).isFalse();
		assertThat(settings.effectiveSslMode()).isEqualTo("prefer");
	}

	@Test
	void driverPropertiesKeepTheirWrittenKey() {
		PostgresTlsSettings settings = PostgresTlsSettings.of("jdbc:postgresql://db/orders",
				Map.of("sslMode", "disable", "connectTimeout", "5"));
		assertThat(settings.written()).containsExactly(new Setting("sslmode", "disable", "sslMode"));
		assertThat(settings.isSslModeWritten()).isTrue();
	}

	@Test
	void statusReportsAProblemOnlyWhenTlsIsRequiredAndTheSessionIsNotEncrypted() {
		TlsReport plain = TlsReport.audited(false, null, null);
		TlsReport encrypted = TlsReport.audited(true, "TLSv1.3", "TLS_AES_256_GCM_SHA384");
		assertThat(new TlsStatus("require", true, true, plain).problem()).contains("not encrypted");
		assertThat(new TlsStatus("require", true, true, plain).details()).containsEntry("mode", "require")
			.containsEntry("inUse", false);
		assertThat(new TlsStatus("verify-full", true, true, encrypted).problem()).isNull();
		assertThat(new TlsStatus("verify-full", true, true, encrypted).details()).containsEntry("protocol", "TLSv1.3")
			.containsEntry("cipher", "TLS_AES_256_GCM_SHA384");
		assertThat(new TlsStatus("off", false, true, plain).problem()).isNull();
		assertThat(new TlsStatus("require", true, true, null).problem()).as("not started yet").isNull();
		assertThat(new TlsStatus("require", true, true, TlsReport.notAudited("not PostgreSQL")).problem()).isNull();
	}

}
