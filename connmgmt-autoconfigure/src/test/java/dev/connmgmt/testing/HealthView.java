package dev.connmgmt.testing;

import java.util.Map;
import java.util.Set;

/**
 * What the health endpoint reports for one path, in terms both Spring Boot lines share.
 *
 * @param status the status code, such as {@code UP}
 * @param details the details of an indicator, empty for a composite
 * @param components the names of a composite's components, empty for an indicator
 */
public record HealthView(String status, Map<String, Object> details, Set<String> components) {

}
