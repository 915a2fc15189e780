package dev.connmgmt.lifecycle;

/**
 * One piece of advice on a pool's size, given at startup and never applied by itself.
 *
 * @param pool the pool
 * @param warning whether the configured size is likely wrong (else it is information)
 * @param message what was found, with the numbers
 * @since 0.1.0
 */
public record PoolSizeAdvice(String pool, boolean warning, String message) {
}
