/**
 * Checks of what a pool's login may do in its database (the least-privilege audit) and of
 * its TLS: the settings written for the driver and the session as the server sees it.
 * Internal: no compatibility promise.
 */
package dev.connmgmt.internal.security;
