package dev.connmgmt.shard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsistentHashRouterTests {

	private static final List<String> FOUR = List.of("users-0", "users-1", "users-2", "users-3");

	@Test
	void sameKeyAlwaysRoutesToTheSamePoolOnEveryInstance() {
		ConsistentHashRouter one = new ConsistentHashRouter(FOUR);
		ConsistentHashRouter other = new ConsistentHashRouter(List.of("users-3", "users-1", "users-0", "users-2"));
		for (int key = 0; key < 1_000; key++) {
			assertThat(one.route(key)).isEqualTo(other.route(key)).isEqualTo(one.route(String.valueOf(key)));
		}
	}

	@Test
	void keysSpreadEvenlyOverThePools() {
		ConsistentHashRouter router = new ConsistentHashRouter(FOUR);
		Map<String, Integer> counts = new HashMap<>();
		for (int key = 0; key < 20_000; key++) {
			counts.merge(router.route("customer-" + key), 1, Integer::sum);
		}
		assertThat(counts).containsOnlyKeys(FOUR);
		assertThat(counts.values()).allSatisfy((count) -> assertThat(count).isBetween(3_500, 6_500));
	}

	@Test
	void addingAShardMovesOnlyTheKeysItTakesOver() {
		ConsistentHashRouter four = new ConsistentHashRouter(FOUR);
		ConsistentHashRouter five = new ConsistentHashRouter(List.of("users-0", "users-1", "users-2", "users-3",
				"users-4"));
		int moved = 0;
		for (int key = 0; key < 20_000; key++) {
			String before = four.route(key);
			String after = five.route(key);
			if (!before.equals(after)) {
				assertThat(after).isEqualTo("users-4");
				moved++;
			}
		}
		assertThat(moved).isBetween(2_500, 5_500);
	}

	@Test
	void explicitRouterKnowsOnlyItsTable() {
		ExplicitRouter router = new ExplicitRouter(Map.of("eu", "users-0", "us", "users-1"));
		assertThat(router.route("eu")).isEqualTo("users-0");
		assertThat(router.route("apac")).isNull();
	}

}
