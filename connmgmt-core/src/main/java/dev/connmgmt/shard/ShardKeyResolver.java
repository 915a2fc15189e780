package dev.connmgmt.shard;

/**
 * Finds the shard key of the current work when none was given with {@link ShardKey#with},
 * for example from the request's tenant. Define a bean to use one.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ShardKeyResolver {

	/**
	 * Return the shard key of the current work.
	 * @param group the shard group asked for a connection
	 * @return the key, or {@code null} when this resolver does not know it
	 */
	Object resolve(String group);

}
