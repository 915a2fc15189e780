/**
 * Metrics binders and acquisition spans.
 * <p>
 * Every type here is internal: the meters and spans are the interface, documented in the
 * project's docs/observability.md.
 */
package dev.connmgmt.internal.observability;
