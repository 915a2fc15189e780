package dev.connmgmt.internal.observability;

/**
 * Takes one duration HikariCP measured, in the unit HikariCP measured it in, for a
 * semantic-convention meter.
 */
@FunctionalInterface
interface DurationRecorder {

	void record(long amount);

}
