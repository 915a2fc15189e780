package dev.connmgmt.autoconfigure;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The startup half of the TLS policy: the mode derived when it is not written, and the
 * settings refused for it, each with its property and fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsPolicyTests {

	@Test
	void modeIsRequireForARemoteHostAndOffForThisMachineWhenNotWritten() {
		PoolProperties remote = pool("jdbc:postgresql://db.example.com:5432/orders", null);
		List<DerivedDefaults.Derived> derived = derive(remote);
		assertThat(remote.getTls().getMode()).isEqualTo(TlsMode.REQUIRE);
		assertThat(derived).singleElement()
			.hasToString("tls.mode=require (the URL names host 'db.example.com', not this machine)");
		PoolProperties local = pool("jdbc:postgresql://localhost:5432/orders", null);
		assertThat(derive(local)).isEmpty();
		assertThat(local.getTls().getMode()).isEqualTo(TlsMode.OFF);
		PoolProperties other = pool("jdbc:mysql://db.example.com/orders", null);
		assertThat(derive(other)).isEmpty();
		assertThat(other.getTls().getMode()).isEqualTo(TlsMode.OFF);
	}

	@Test
	void writtenVerifyFullWithoutSslmodeSetsSslmodeVerifyFull() {
		PoolProperties pool = pool("jdbc:postgresql://db.example.com/orders", TlsMode.VERIFY_FULL);
		assertThat(derive(pool)).singleElement()
			.hasToString("data-source-properties.sslmode=verify-full (tls.mode = verify-full)");
		assertThat(pool.getDataSourceProperties()).containsEntry("sslmode", "verify-full");
		assertThat(problems("orders", pool, true)).isEmpty();
		PoolProperties written = pool("jdbc:postgresql://db.example.com/orders?sslmode=verify-ca", TlsMode.VERIFY_FULL);
		assertThat(derive(written)).isEmpty();
		assertThat(written.getDataSourceProperties()).doesNotContainKey("sslmode");
	}

	@ParameterizedTest
	@CsvSource({ "sslmode=disable, turns TLS off", "sslmode=allow, fall back to no encryption",
			"sslmode=prefer, fall back to no encryption", "sslmode=require, accepts any server certificate",
			"ssl=false, turns TLS off",
			"sslfactory=org.postgresql.ssl.NonValidatingFactory, accepts any server certificate without verifying" })
	void writtenRequireRefusesEverySettingThatWeakensTlsInTheUrl(String parameter, String weakness) {
		PoolProperties pool = pool("jdbc:postgresql://db.example.com/orders?user=app&password=s3cret-in-url&"
				+ parameter, TlsMode.REQUIRE);
		List<InvalidPoolConfigurationException> problems = problems("orders", pool, true);
		assertThat(problems).anySatisfy((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("connmgmt.pools.orders.url");
			assertThat(problem.getProblem()).contains("tls.mode=require").contains(parameter).contains(weakness)
				.doesNotContain("s3cret-in-url");
			assertThat(problem.getAction()).contains("lower 'connmgmt.pools.orders.tls.mode'");
		});
	}

	@Test
	void verifyCaPassesRequireButNotVerifyFull() {
		assertThat(problems("orders", pool("jdbc:postgresql://db.example.com/orders?sslmode=verify-ca", TlsMode.REQUIRE),
				true)).isEmpty();
		assertThat(problems("orders",
				pool("jdbc:postgresql://db.example.com/orders?sslmode=verify-ca", TlsMode.VERIFY_FULL), true))
			.singleElement()
			.satisfies((problem) -> assertThat(problem.getProblem()).contains("not the host name"));
		assertThat(problems("orders", pool("jdbc:postgresql://db.example.com/orders?ssl=true", TlsMode.REQUIRE), true))
			.as("ssl=true alone is verify-full in PgJDBC")
			.isEmpty();
	}

	@Test
	void driverPropertiesAreCheckedUnderTheirOwnPath() {
		PoolProperties pool = pool("jdbc:postgresql://db.example.com/orders", TlsMode.REQUIRE);
		pool.getDataSourceProperties().putAll(Map.of("sslmode", "require"));
		assertThat(problems("orders", pool, true)).singleElement()
			.satisfies((problem) -> assertThat(problem.getProperty())
				.isEqualTo("connmgmt.pools.orders.data-source-properties.sslmode"));
	}

	@Test
	void writtenRequireWithoutSslmodeIsRefusedButADerivedOneIsNot() {
		PoolProperties written = pool("jdbc:postgresql://db.example.com/orders", TlsMode.REQUIRE);
		assertThat(problems("orders", written, true)).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("connmgmt.pools.orders.tls.mode");
			assertThat(problem.getProblem()).contains("no sslmode is written").contains("prefer");
			assertThat(problem.getAction()).contains("sslmode=verify-full");
		});
		PoolProperties derived = pool("jdbc:postgresql://db.example.com/orders", null);
		derive(derived);
		assertThat(problems("orders", derived, false)).isEmpty();
	}

	@Test
	void derivedRequireRefusesNothingAndLogsWhatWasWrittenNamingBothFixes(CapturedOutput output) {
		PoolProperties pool = pool("jdbc:postgresql://db.example.com:5432/orders?sslmode=disable", null);
		derive(pool);
		assertThat(problems("orders", pool, false)).as("a mode the user did not write stops no startup").isEmpty();
		assertThat(output.getOut()).contains("tls.weak pool=orders setting=connmgmt.pools.orders.url")
			.contains("tls.mode is not set, so it is require")
			.contains("host 'db.example.com'")
			.contains("sslmode=disable")
			.contains("turns TLS off")
			.contains("sslmode=verify-full")
			.contains("write 'connmgmt.pools.orders.tls.mode: off'");
		assertThat(problems("orders", pool("jdbc:postgresql://db.example.com:5432/orders?sslmode=disable", TlsMode.REQUIRE),
				true))
			.as("the same setting under a written mode")
			.singleElement()
			.satisfies((problem) -> assertThat(problem.getProperty()).isEqualTo("connmgmt.pools.orders.url"));
		PoolProperties local = pool("jdbc:postgresql://localhost/orders?sslmode=disable", null);
		derive(local);
		assertThat(problems("orders", local, false)).isEmpty();
	}

	@Test
	void writtenModeOnADriverThatCannotBeCheckedIsRefused() {
		PoolProperties pool = pool("jdbc:mysql://db.example.com/orders", TlsMode.REQUIRE);
		assertThat(problems("orders", pool, true)).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("connmgmt.pools.orders.tls.mode");
			assertThat(problem.getProblem()).contains("mysql").contains("PostgreSQL only");
			assertThat(problem.getAction()).contains("to off");
		});
		assertThat(problems("orders", pool("jdbc:mysql://db.example.com/orders", TlsMode.OFF), true)).isEmpty();
	}

	@Test
	void everyProblemIsListedAtOnce() {
		ConfigurationProblems problems = new ConfigurationProblems(ValidationMode.FAIL, EnumSet.noneOf(ValidationRule.class));
		PoolProperties pool = pool("jdbc:postgresql://db.example.com/orders?sslmode=disable&ssl=false", TlsMode.REQUIRE);
		pool.getDataSourceProperties().put("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
		TlsPolicy.validate("orders", pool, true, problems);
		assertThatExceptionOfType(InvalidPoolConfigurationException.class).isThrownBy(problems::throwIfAny)
			.satisfies((ex) -> assertThat(ex.getProblems()).extracting(InvalidPoolConfigurationException::getProperty)
				.containsExactly("connmgmt.pools.orders.url", "connmgmt.pools.orders.url",
						"connmgmt.pools.orders.data-source-properties.sslfactory"));
	}

	private static PoolProperties pool(String url, TlsMode mode) {
		PoolProperties pool = new PoolProperties();
		pool.setUrl(url);
		pool.getTls().setMode(mode);
		return pool;
	}

	private static List<DerivedDefaults.Derived> derive(PoolProperties pool) {
		List<DerivedDefaults.Derived> derived = new ArrayList<>();
		boolean written = pool.getTls().getMode() != null;
		TlsPolicy.derive(pool, (key) -> written && key.equals(TlsPolicy.MODE), derived);
		return derived;
	}

	private static List<InvalidPoolConfigurationException> problems(String name, PoolProperties pool,
			boolean modeWritten) {
		ConfigurationProblems problems = new ConfigurationProblems(ValidationMode.FAIL, EnumSet.noneOf(ValidationRule.class));
		TlsPolicy.validate(name, pool, modeWritten, problems);
		try {
			problems.throwIfAny();
			return List.of();
		}
		catch (InvalidPoolConfigurationException ex) {
			return ex.getProblems();
		}
	}

}
