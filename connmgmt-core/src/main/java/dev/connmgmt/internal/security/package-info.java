/**
 * Checks of what a pool's login may do in its database: the least-privilege audit.
 * Internal: no compatibility promise.
 */
package dev.connmgmt.internal.security;
