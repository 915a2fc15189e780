/**
 * Starting pools, sizing advice, and the exceptions that stop startup.
 * <p>
 * Public API, kept compatible within a minor version:
 * <ul>
 * <li>InvalidPoolConfigurationException</li>
 * <li>PoolStartException</li>
 * <li>CredentialsStartException</li>
 * <li>PoolSizeAdvice</li>
 * </ul>
 * PoolStarter and PoolSizeAdvisor are internal (dev.connmgmt.internal.lifecycle).
 */
package dev.connmgmt.lifecycle;
