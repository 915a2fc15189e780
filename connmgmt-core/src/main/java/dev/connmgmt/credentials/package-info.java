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
 * The static, file and Vault sources, Vault's session and calls, rotation timing and
 * secret masking are internal: a pool selects them with
 * connmgmt.pools.<name>.credentials.*.
 */
package dev.connmgmt.credentials;
