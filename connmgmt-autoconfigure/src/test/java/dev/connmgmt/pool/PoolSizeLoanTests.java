package dev.connmgmt.pool;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rotation lends a pool slots for its replacements and gives them back; the autoscaler
 * changes the size only from the size it decided from, and not while slots are lent.
 */
class PoolSizeLoanTests {

	private final HikariConfig config = config(4, 2);

	private final PoolSizeLoan loan = new PoolSizeLoan(this.config);

	@Test
	void lentSlotsRaiseTheMaximumAndTheIdleMinimumToItUntilTheyAreRepaid() {
		assertThat(this.loan.lend(3)).isTrue();
		assertThat(this.config.getMaximumPoolSize()).isEqualTo(7);
		assertThat(this.config.getMinimumIdle()).isEqualTo(7);
		this.loan.repay();
		assertThat(this.config.getMaximumPoolSize()).isEqualTo(4);
		assertThat(this.config.getMinimumIdle()).isEqualTo(2);
	}

	@Test
	void oneLoanAtATimeAndNoneOfNothing() {
		assertThat(this.loan.lend(0)).isFalse();
		assertThat(this.loan.lend(2)).isTrue();
		assertThat(this.loan.lend(2)).isFalse();
		this.loan.repay();
		this.loan.repay();
		assertThat(this.config.getMaximumPoolSize()).isEqualTo(4);
	}

	@Test
	void theAutoscalerWaitsWhileSlotsAreLent() {
		this.loan.lend(4);
		assertThat(this.loan.resize(8, 10)).isFalse();
		assertThat(this.loan.resize(4, 6)).isFalse();
		assertThat(this.config.getMaximumPoolSize()).isEqualTo(8);
		this.loan.repay();
		assertThat(this.loan.resize(4, 6)).isTrue();
		assertThat(this.config.getMaximumPoolSize()).isEqualTo(6);
	}

	@Test
	void aResizeDecidedFromASizeThatChangedMeanwhileIsDropped() {
		assertThat(this.loan.resize(4, 6)).isTrue();
		assertThat(this.loan.resize(4, 3)).isFalse();
		assertThat(this.config.getMaximumPoolSize()).isEqualTo(6);
	}

	private static HikariConfig config(int maximum, int minimumIdle) {
		HikariConfig config = new HikariConfig();
		config.setMaximumPoolSize(maximum);
		config.setMinimumIdle(minimumIdle);
		return config;
	}

}
