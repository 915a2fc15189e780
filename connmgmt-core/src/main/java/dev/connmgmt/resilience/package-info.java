/**
 * Circuit breaking on acquisition, retries of idempotent work, request time limits.
 * <p>
 * Public API, kept compatible within a minor version:
 * <ul>
 * <li>ConnmgmtTransactions</li>
 * <li>PoolTransactions</li>
 * <li>RequestTimeoutException</li>
 * </ul>
 * The breaker guard, the Resilience4j defaults, HikariCP's eviction override and the
 * statement canceller are internal (dev.connmgmt.internal.resilience).
 */
package dev.connmgmt.resilience;
