/**
 * The structured event log (logger dev.connmgmt.events).
 * <p>
 * PoolEvents is internal; the events' names and fields are documented in the project's docs/observability.md.
 */
package dev.connmgmt.internal.events;
