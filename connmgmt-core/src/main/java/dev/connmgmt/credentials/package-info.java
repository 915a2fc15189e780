/**
 * Where a pool's credentials come from and how they rotate.
 * <p>
 * Public API, kept compatible within a minor version:
 * <ul>
 * <li>CredentialSource (the SPI a custom source implements)</li>
 * <li>Credentials</li>
 * <li>CredentialStatus</li>
 * <li>ConnectionCensus</li>
 * </ul>
 * Secrets masks secret values for logs and messages; it is public because every package
 * uses it, not as a promise. The static, file and Vault sources are internal
 * (dev.connmgmt.internal.credentials): a pool selects them with
 * connmgmt.pools.<name>.credentials.*.
 */
package dev.connmgmt.credentials;
