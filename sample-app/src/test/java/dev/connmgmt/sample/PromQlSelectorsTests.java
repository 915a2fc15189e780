package dev.connmgmt.sample;

import java.util.Set;

import dev.connmgmt.sample.PromQlSelectors.Selector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What the dashboard check takes for metric names in a query, and what it does not.
 */
class PromQlSelectorsTests {

	@Test
	void metricOfAHistogramQuantileWithoutItsFunctionsGroupingOrVariables() {
		assertThat(PromQlSelectors.of("histogram_quantile(0.99, sum by (le) (rate(wait_seconds_bucket"
				+ "{pool=\"$pool\", instance=~\"$instance\"}[$__rate_interval])))"))
			.containsExactly(new Selector("wait_seconds_bucket", Set.of("pool", "instance")));
	}

	@Test
	void everyOperandOfAnArithmeticOrSetExpression() {
		assertThat(PromQlSelectors.of("clamp_min(sum(increase(closed_total[5m])) - (sum without (shard) "
				+ "(retired_total{reason!=\"x,y}\"}) or vector(0)), 0) + 1e-3 * up offset 1h"))
			.containsExactly(new Selector("closed_total", Set.of()), new Selector("retired_total", Set.of("reason")),
					new Selector("up", Set.of()));
	}

	@Test
	void labelsOfMatchingClausesAndStringsAreNotMetrics() {
		assertThat(PromQlSelectors.of("a * on (pool) group_left(instance) label_replace(b, \"dst\", \"$1\", "
				+ "\"src\", \"(.*)\") > bool 2 and max by(name)(c{state='open'})"))
			.extracting(Selector::metric)
			.containsExactly("a", "b", "c");
	}

	@Test
	void aSelectorWithoutAMetricNameIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PromQlSelectors.of("sum({__name__=~\"hikaricp_.*\"})"));
	}

}
