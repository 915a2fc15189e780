/**
 * Sharded pools: a DataSource routing by shard key.
 * <p>
 * Public API, kept compatible within a minor version:
 * <ul>
 * <li>ShardKey</li>
 * <li>ShardKeyResolver</li>
 * <li>ShardRoutingException</li>
 * <li>ShardedDataSource (for unwrapping)</li>
 * </ul>
 * The routers are internal.
 */
package dev.connmgmt.shard;
