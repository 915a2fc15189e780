/**
 * The connections health contributor and the /actuator/connections endpoint.
 * <p>
 * Public API, kept compatible within a minor version:
 * <ul>
 * <li>ConnectionsEndpoint</li>
 * <li>PoolDescriptor (the endpoint's response)</li>
 * </ul>
 * The health indicator and contributor are internal: their output is documented in the
 * project's docs/observability.md.
 */
package dev.connmgmt.actuate;
