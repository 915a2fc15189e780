/**
 * Internal: the circuit breaker guarding acquisition, connmgmt's Resilience4j defaults,
 * HikariCP's eviction override and the statement canceller. No compatibility promise.
 */
package dev.connmgmt.internal.resilience;
