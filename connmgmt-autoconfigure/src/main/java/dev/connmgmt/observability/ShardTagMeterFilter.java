package dev.connmgmt.observability;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Adds a {@code shard} tag, the shard group's name, to every meter tagged with the
 * {@code pool} of a shard: HikariCP's {@code hikaricp.*} and connmgmt's own meters alike, so
 * dashboards can group a sharded database's pools.
 *
 * @since 0.1.0
 */
public class ShardTagMeterFilter implements MeterFilter {

	private final Map<String, String> groupsByPool;

	/**
	 * Create the filter.
	 * @param groupsByPool the shard group of each sharded pool
	 */
	public ShardTagMeterFilter(Map<String, String> groupsByPool) {
		this.groupsByPool = Map.copyOf(groupsByPool);
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		String pool = id.getTag("pool");
		String group = (pool != null && id.getTag("shard") == null) ? this.groupsByPool.get(pool) : null;
		return (group != null) ? id.withTag(Tag.of("shard", group)) : id;
	}

}
