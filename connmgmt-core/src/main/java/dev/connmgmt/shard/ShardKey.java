package dev.connmgmt.shard;

import java.util.concurrent.Callable;

/**
 * The shard key of the work running on the current thread, for {@link ShardedDataSource} to
 * route by.
 *
 * <pre class="code">
 * User user = ShardKey.with(userId, () -&gt; users.findById(userId));
 * </pre>
 *
 * @since 0.1.0
 */
public final class ShardKey {

	private static final ThreadLocal<Object> current = new ThreadLocal<>();

	private ShardKey() {
	}

	/**
	 * Run work with a shard key: every connection it takes from a sharded data source comes
	 * from the key's shard.
	 * @param <T> the result type
	 * @param key the shard key, such as a customer id
	 * @param work the work
	 * @return the work's result
	 * @throws Exception whatever the work throws
	 */
	public static <T> T with(Object key, Callable<T> work) throws Exception {
		if (key == null) {
			throw new IllegalArgumentException("A shard key must not be null");
		}
		Object previous = current.get();
		current.set(key);
		try {
			return work.call();
		}
		finally {
			if (previous != null) {
				current.set(previous);
			}
			else {
				current.remove();
			}
		}
	}

	/**
	 * Run work with a shard key.
	 * @param key the shard key
	 * @param work the work
	 */
	public static void run(Object key, Runnable work) {
		try {
			with(key, () -> {
				work.run();
				return null;
			});
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the shard key of the current thread.
	 * @return the key, or {@code null} outside {@link #with}
	 */
	public static Object current() {
		return current.get();
	}

}
