package dev.connmgmt.testing;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.util.ClassUtils;

/**
 * The auto-configurations one of this package's {@code Import*AutoConfiguration}
 * annotations names on the running Spring Boot line, for an {@code ApplicationContextRunner}.
 */
public final class AutoConfigurationsOf {

	private AutoConfigurationsOf() {
	}

	@SafeVarargs
	public static AutoConfigurations of(Class<? extends Annotation>... imports) {
		ClassLoader classLoader = AutoConfigurationsOf.class.getClassLoader();
		List<Class<?>> classes = new ArrayList<>();
		for (Class<? extends Annotation> annotation : imports) {
			for (String name : ImportCandidates.load(annotation, classLoader)) {
				classes.add(ClassUtils.resolveClassName(name, classLoader));
			}
		}
		return AutoConfigurations.of(classes.toArray(new Class<?>[0]));
	}

}
