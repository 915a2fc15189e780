/**
 * Pieces of the managed pools that the wiring and the other runtime packages use but users
 * do not: the acquisition hooks (guard, its factory, observer), saturation tracking, JDBC
 * driver loading and the drivers' timeout properties. Internal: may change in any release.
 */
package dev.connmgmt.internal.pool;
