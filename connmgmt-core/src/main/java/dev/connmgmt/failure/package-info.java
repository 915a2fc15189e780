/**
 * What a SQL failure means: transient, permanent, a lost connection, a refused login.
 * <p>
 * Public API, kept compatible within a minor version:
 * <ul>
 * <li>SqlFailureClassifier (a bean extends the classification)</li>
 * <li>SqlFailureCategory</li>
 * </ul>
 * SqlFailures, the ordered composite of the classifiers, is internal.
 */
package dev.connmgmt.failure;
