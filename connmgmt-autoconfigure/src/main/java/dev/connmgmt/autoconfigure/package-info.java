/**
 * Spring Boot 3.5 auto-configuration of connmgmt and its configuration properties.
 * <p>
 * Public API, kept compatible within a minor version:
 * <ul>
 * <li>ConnmgmtProperties, PoolProperties and the other *Properties types (bound from
 * connmgmt.*)</li>
 * <li>ValidationMode</li>
 * <li>ValidationRule</li>
 * <li>TransactionIsolation</li>
 * <li>LeastPrivilegeMode</li>
 * <li>the auto-configuration classes, for exclusion</li>
 * </ul>
 * The factories, checks, customizers, drainer, privilege auditor and failure analyzers are
 * internal.
 */
package dev.connmgmt.autoconfigure;
