/**
 * Metrics binders and acquisition spans.
 * <p>
 * Every type here is internal: the meters and spans are the interface, documented in the
 * README.
 */
package dev.connmgmt.internal.observability;
