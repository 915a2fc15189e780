/**
 * The structured event log (logger dev.connmgmt.events).
 * <p>
 * PoolEvents is internal; the events' names and fields are documented in the README.
 */
package dev.connmgmt.internal.events;
