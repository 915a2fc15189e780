/**
 * Internal: the static, file and Vault credential sources, Vault's session and calls, the
 * rotation timing and the retired leases. No compatibility promise; a pool selects them
 * with connmgmt.pools.<name>.credentials.*.
 */
package dev.connmgmt.internal.credentials;
