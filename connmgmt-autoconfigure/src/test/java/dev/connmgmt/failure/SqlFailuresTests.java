package dev.connmgmt.failure;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import dev.connmgmt.internal.resilience.EvictionOverride;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class SqlFailuresTests {

	private final SqlFailures failures = SqlFailures.defaults();

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource({ "08001, TRANSIENT", "08006, TRANSIENT", "08P01, TRANSIENT", "40001, TRANSIENT", "40P01, TRANSIENT",
			"57P01, TRANSIENT", "57P02, TRANSIENT", "57P03, TRANSIENT", "28000, AUTHENTICATION",
			"28P01, AUTHENTICATION", "23505, PERMANENT", "23503, PERMANENT", "42601, PERMANENT", "42501, PERMANENT",
			"22012, PERMANENT", "57014, DATABASE_FAILURE", "53300, DATABASE_FAILURE", "XX000, DATABASE_FAILURE" })
	void classifiesBySqlState(String state, SqlFailureCategory expected) {
		assertThat(this.failures.classify(new SQLException("failed", state))).isEqualTo(expected);
	}

	@Test
	void categoriesSayWhatToDo() {
		assertThat(SqlFailureCategory.TRANSIENT.isRetryable()).isTrue();
		assertThat(SqlFailureCategory.TRANSIENT.isBreakerFailure()).isTrue();
		assertThat(SqlFailureCategory.AUTHENTICATION.isRetryable()).isFalse();
		assertThat(SqlFailureCategory.AUTHENTICATION.isBreakerFailure()).isFalse();
		assertThat(SqlFailureCategory.PERMANENT.isRetryable()).isFalse();
		assertThat(SqlFailureCategory.PERMANENT.isBreakerFailure()).isFalse();
		assertThat(SqlFailureCategory.DATABASE_FAILURE.isRetryable()).isFalse();
		assertThat(SqlFailureCategory.DATABASE_FAILURE.isBreakerFailure()).isTrue();
	}

	@Test
	void classifiesByTypeWithoutSqlState() {
		assertThat(this.failures.classify(new SQLTransientConnectionException("pool timed out")))
			.isEqualTo(SqlFailureCategory.TRANSIENT);
		assertThat(this.failures.classify(new SQLRecoverableException("gone"))).isEqualTo(SqlFailureCategory.TRANSIENT);
		assertThat(this.failures.classify(new SQLIntegrityConstraintViolationException("dup")))
			.isEqualTo(SqlFailureCategory.PERMANENT);
	}

	@Test
	void looksThroughSpringAndPoolWrappers() {
		SQLException driver = new SQLException("terminating connection", "57P01");
		assertThat(this.failures.classify(new CannotGetJdbcConnectionException("no connection", driver)))
			.isEqualTo(SqlFailureCategory.TRANSIENT);
		assertThat(this.failures.classify(new DataIntegrityViolationException("dup", new SQLException("dup", "23505"))))
			.isEqualTo(SqlFailureCategory.PERMANENT);
		SQLException unknownWrapper = new SQLException("wrapped", "S1000", new SQLException("deadlock", "40P01"));
		assertThat(this.failures.classify(unknownWrapper)).isEqualTo(SqlFailureCategory.TRANSIENT);
	}

	@Test
	void followsChainedNextExceptions() {
		SQLException batch = new SQLException("batch failed", "S1000");
		batch.setNextException(new SQLException("serialization", "40001"));
		assertThat(this.failures.classify(batch)).isEqualTo(SqlFailureCategory.TRANSIENT);
	}

	@Test
	void somethingThatIsNoSqlFailureIsPermanent() {
		assertThat(this.failures.classify(new IllegalStateException("bug"))).isEqualTo(SqlFailureCategory.PERMANENT);
	}

	@Test
	void applicationClassifiersComeFirstAndMayAbstain() {
		SqlFailures extended = new SqlFailures(List.of(
				(ex) -> "23505".equals(ex.getSQLState()) ? SqlFailureCategory.TRANSIENT : null,
				(ex) -> (ex.getErrorCode() == 1205) ? SqlFailureCategory.TRANSIENT : null));
		assertThat(extended.classify(new SQLException("dup", "23505"))).isEqualTo(SqlFailureCategory.TRANSIENT);
		assertThat(extended.classify(new SQLException("lock", "HY000", 1205))).isEqualTo(SqlFailureCategory.TRANSIENT);
		assertThat(extended.classify(new SQLException("syntax", "42601"))).isEqualTo(SqlFailureCategory.PERMANENT);
	}

	@Test
	void evictionKeepsConnectionsThatFailedForTheStatementsSake() {
		EvictionOverride override = new EvictionOverride(this.failures);
		assertThat(override.adjudicate(new SQLException("dup", "23505")))
			.isEqualTo(com.zaxxer.hikari.SQLExceptionOverride.Override.DO_NOT_EVICT);
		assertThat(override.adjudicate(new SQLException("serialization", "40001")))
			.isEqualTo(com.zaxxer.hikari.SQLExceptionOverride.Override.DO_NOT_EVICT);
		assertThat(override.adjudicate(new SQLException("broken", "08006")))
			.isEqualTo(com.zaxxer.hikari.SQLExceptionOverride.Override.CONTINUE_EVICT);
		assertThat(override.adjudicate(new SQLException("admin shutdown", "57P01")))
			.isEqualTo(com.zaxxer.hikari.SQLExceptionOverride.Override.CONTINUE_EVICT);
	}

}
