/**
 * Managed HikariCP pools and the physical connections under them.
 * <p>
 * Public API, kept compatible within a minor version:
 * <ul>
 * <li>ManagedDataSource (the pool, for unwrapping)</li>
 * <li>HikariConfigCustomizer</li>
 * <li>PoolUnavailableException</li>
 * <li>PoolDrainingException</li>
 * <li>PoolAuthenticationException</li>
 * </ul>
 * The connection factory, its event listener, ManagedPools and autoscaling are public
 * only because the wiring and the other runtime packages use them; they are internal and
 * may change. The acquisition hooks, saturation tracking and driver loading live in
 * {@code dev.connmgmt.internal.pool}. The hooks from outside the pool, the guard and the
 * observer, are given to ManagedDataSource's constructor and nowhere else; the acquisition
 * timer is the autoscaler's own, inside this package.
 */
package dev.connmgmt.pool;

import dev.connmgmt.internal.pool.AcquisitionGuard;
import dev.connmgmt.internal.pool.AcquisitionObserver;
