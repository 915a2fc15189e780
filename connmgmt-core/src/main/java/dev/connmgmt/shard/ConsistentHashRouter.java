package dev.connmgmt.shard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Routes keys over a hash ring: each pool holds many points on the ring, and a key belongs
 * to the first point after its hash. Adding a shard moves only about 1/n of the keys, and
 * the routing is the same on every instance of the application, because it depends on the
 * pool names and the key's {@code toString()} alone.
 *
 * @since 0.1.0
 */
public final class ConsistentHashRouter implements ShardRouter {

	static final int POINTS_PER_POOL = 160;

	private final TreeMap<Long, String> ring = new TreeMap<>();

	/**
	 * Create a router over pools.
	 * @param pools the pool names, at least one
	 */
	public ConsistentHashRouter(List<String> pools) {
		if (pools.isEmpty()) {
			throw new IllegalArgumentException("A hash ring needs at least one pool");
		}
		for (String pool : pools) {
			for (int point = 0; point < POINTS_PER_POOL; point++) {
				this.ring.put(hash(pool + "#" + point), pool);
			}
		}
	}

	@Override
	public String route(Object key) {
		Map.Entry<Long, String> point = this.ring.ceilingEntry(hash(key.toString()));
		return (point != null) ? point.getValue() : this.ring.firstEntry().getValue();
	}

	static long hash(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
			long hash = 0;
			for (int i = 0; i < 8; i++) {
				hash = (hash << 8) | (digest[i] & 0xFF);
			}
			return hash;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is required of every Java platform", ex);
		}
	}

}
