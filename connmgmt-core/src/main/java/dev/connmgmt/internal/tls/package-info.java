/**
 * Internal: how a pool hands PgJDBC the TLS client certificate current at each connect,
 * from memory, through an SSL socket factory that keeps PgJDBC's server verification. No
 * compatibility promise; a pool selects it with connmgmt.pools.<name>.tls.client-certificate.*.
 */
package dev.connmgmt.internal.tls;
