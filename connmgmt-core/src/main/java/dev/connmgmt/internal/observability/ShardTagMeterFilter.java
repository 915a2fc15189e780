package dev.connmgmt.internal.observability;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Adds a {@code shard} tag to every meter of a pool: HikariCP's {@code hikaricp.*} and
 * connmgmt's own {@code connmgmt.*} meters tagged with a {@code pool}, lazy pools included.
 * Its value is the shard group's name for a pool of a shard group, so dashboards can group
 * a sharded database's pools, and {@value #NO_SHARD} for every other pool.
 * <p>
 * Every pool gets the tag, not only sharded ones, so that all meters of one name have the
 * same tag keys: Micrometer's Prometheus registry drops a meter whose keys differ from those
 * of the first meter registered under its name, which would silently lose the metrics of
 * the plain pools (or of the shards). The value is a word rather than an empty string,
 * which Prometheus treats as no label at all.
 *
 * @since 0.1.0
 */
public class ShardTagMeterFilter implements MeterFilter {

	/**
	 * The {@code shard} of a pool outside any shard group.
	 */
	public static final String NO_SHARD = "none";

	private static final List<String> POOL_METER_PREFIXES = List.of("hikaricp.", "connmgmt.");

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
		if (pool == null || id.getTag("shard") != null || !isPoolMeter(id.getName())) {
			return id;
		}
		return id.withTag(Tag.of("shard", this.groupsByPool.getOrDefault(pool, NO_SHARD)));
	}

	private static boolean isPoolMeter(String name) {
		return POOL_METER_PREFIXES.stream().anyMatch(name::startsWith);
	}

}
