package dev.connmgmt.shard;

import java.sql.SQLNonTransientException;

/**
 * A sharded data source could not choose a shard: the work has no shard key, or its key
 * belongs to no shard. Never answered with a default shard.
 *
 * @since 0.1.0
 */
public class ShardRoutingException extends SQLNonTransientException {

	private static final long serialVersionUID = 1L;

	private final String group;

	/**
	 * Create an exception.
	 * @param group the shard group
	 * @param message what went wrong and how to fix it
	 */
	public ShardRoutingException(String group, String message) {
		super(message, "42000");
		this.group = group;
	}

	/**
	 * Return the shard group.
	 * @return the group name
	 */
	public String getGroup() {
		return this.group;
	}

}
