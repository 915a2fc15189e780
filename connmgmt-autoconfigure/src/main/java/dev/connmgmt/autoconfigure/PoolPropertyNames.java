package dev.connmgmt.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * Knows which keys exist under {@code connmgmt.pools.<name>}, to refuse a misspelt key
 * instead of silently ignoring it, and to suggest the key that was meant.
 */
final class PoolPropertyNames {

	private PoolPropertyNames() {
	}

	/**
	 * Return whether the elements of a property name from {@code start} on name a property of
	 * {@link PoolProperties}, descending into nested groups and accepting any key of a map.
	 */
	static boolean isKnown(ConfigurationPropertyName name, int start) {
		Class<?> type = PoolProperties.class;
		for (int i = start; i < name.getNumberOfElements(); i++) {
			PropertyDescriptor property = find(type, name.getElement(i, Form.UNIFORM));
			if (property == null) {
				return false;
			}
			Class<?> propertyType = property.getPropertyType();
			if (Map.class.isAssignableFrom(propertyType)) {
				return true;
			}
			if (!isGroup(propertyType)) {
				return i == name.getNumberOfElements() - 1;
			}
			type = propertyType;
		}
		return true;
	}

	/**
	 * Return the known key closest to a misspelt one, if one is close enough to have been
	 * meant.
	 */
	static Optional<String> suggestion(String misspelt) {
		String uniform = uniform(misspelt);
		return properties(PoolProperties.class).stream()
			.map((property) -> dashed(property.getName()))
			.min(Comparator.comparingInt((candidate) -> distance(uniform(candidate), uniform)))
			.filter((candidate) -> distance(uniform(candidate), uniform) <= Math.max(2, uniform.length() / 4));
	}

	private static PropertyDescriptor find(Class<?> type, String uniformElement) {
		for (PropertyDescriptor property : properties(type)) {
			if (uniform(property.getName()).equals(uniformElement)) {
				return property;
			}
		}
		return null;
	}

	private static List<PropertyDescriptor> properties(Class<?> type) {
		return List.of(BeanUtils.getPropertyDescriptors(type))
			.stream()
			.filter((property) -> property.getWriteMethod() != null || isGroup(property.getPropertyType()))
			.filter((property) -> !"class".equals(property.getName()))
			.toList();
	}

	private static boolean isGroup(Class<?> type) {
		return type.getName().startsWith("dev.connmgmt.") && !type.isEnum();
	}

	static String dashed(String camelCase) {
		StringBuilder dashed = new StringBuilder();
		for (char c : camelCase.toCharArray()) {
			if (Character.isUpperCase(c)) {
				dashed.append('-').append(Character.toLowerCase(c));
			}
			else {
				dashed.append(c);
			}
		}
		return dashed.toString();
	}

	private static String uniform(String name) {
		return name.replace("-", "").replace("_", "").toLowerCase(java.util.Locale.ROOT);
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
