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
 * PoolStarter and PoolSizeAdvisor are internal.
 */
package dev.connmgmt.lifecycle;
