package dev.connmgmt.credentials;

import dev.connmgmt.internal.credentials.StaticCredentialSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTests {

	@Test
	void urlWithoutSecretsIsUnchanged() {
		String url = "jdbc:postgresql://db:5432/orders?sslmode=verify-full&ApplicationName=orders";
		assertThat(Secrets.redactUrl(url)).isEqualTo(url);
	}

	@Test
	void passwordParametersAreMasked() {
		assertThat(Secrets.redactUrl("jdbc:postgresql://db/orders?user=app&password=s3cr3t&ssl=true"))
			.isEqualTo("jdbc:postgresql://db/orders?user=app&password=******&ssl=true");
		assertThat(Secrets.redactUrl("jdbc:sqlserver://db;user=app;Password=s3cr3t;encrypt=true"))
			.isEqualTo("jdbc:sqlserver://db;user=app;Password=******;encrypt=true");
		assertThat(Secrets.redactUrl("jdbc:postgresql://db/orders?sslpassword=k3y")).doesNotContain("k3y");
	}

	@Test
	void userInfoPasswordIsMasked() {
		assertThat(Secrets.redactUrl("jdbc:mysql://app:s3cr3t@db:3306/orders"))
			.isEqualTo("jdbc:mysql://app:******@db:3306/orders");
	}

	@Test
	void oracleThinAndOciPasswordsAreMasked() {
		assertThat(Secrets.redactUrl("jdbc:oracle:thin:app/s3cr3t@db:1521/orders"))
			.isEqualTo("jdbc:oracle:thin:app/******@db:1521/orders");
		assertThat(Secrets.redactUrl("jdbc:oracle:thin:app/s3cr3t@//db:1521/orders"))
			.isEqualTo("jdbc:oracle:thin:app/******@//db:1521/orders");
		assertThat(Secrets.redactUrl("jdbc:oracle:thin:app/s3cr3t@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db)"
				+ "(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=orders)))"))
			.isEqualTo("jdbc:oracle:thin:app/******@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db)"
					+ "(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=orders)))");
		assertThat(Secrets.redactUrl("jdbc:oracle:thin:app/\"p@ss/w:rd\"@db:1521/orders"))
			.isEqualTo("jdbc:oracle:thin:app/******@db:1521/orders");
		assertThat(Secrets.redactUrl("jdbc:oracle:oci:app/s3cr3t@orders")).isEqualTo("jdbc:oracle:oci:app/******@orders");
	}

	@Test
	void oracleUrlsWithoutCredentialsAreUnchanged() {
		assertThat(Secrets.redactUrl("jdbc:oracle:thin:@db:1521/orders")).isEqualTo("jdbc:oracle:thin:@db:1521/orders");
		assertThat(Secrets.redactUrl("jdbc:oracle:thin:@//db:1521/orders"))
			.isEqualTo("jdbc:oracle:thin:@//db:1521/orders");
		assertThat(Secrets.redactUrl("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=db)(PORT=1521)))"))
			.isEqualTo("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=db)(PORT=1521)))");
	}

	@Test
	void scrubMasksEveryOccurrence() {
		assertThat(Secrets.scrub("login app/hunter2 failed: hunter2", "hunter2"))
			.isEqualTo("login app/****** failed: ******");
		assertThat(Secrets.scrub("nothing secret", null)).isEqualTo("nothing secret");
		assertThat(Secrets.scrub(null, "x")).isNull();
	}

	@Test
	void recognisesSecretPropertyNames() {
		assertThat(Secrets.isSecretName("password")).isTrue();
		assertThat(Secrets.isSecretName("sslpassword")).isTrue();
		assertThat(Secrets.isSecretName("connmgmt.pools.orders.password")).isTrue();
		assertThat(Secrets.isSecretName("sslkey")).isTrue();
		assertThat(Secrets.isSecretName("connectTimeout")).isFalse();
		assertThat(Secrets.isSecretName("username")).isFalse();
	}

	@Test
	void credentialsNeverShowThePassword() {
		Credentials credentials = new Credentials("app", "hunter2", 3);
		assertThat(credentials.toString()).contains("app").contains("3").doesNotContain("hunter2");
		assertThat(new StaticCredentialSource("app", "hunter2").toString()).doesNotContain("hunter2");
	}

}
