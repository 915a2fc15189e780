package dev.connmgmt.autoconfigure;

import java.lang.reflect.Method;
import java.util.function.IntSupplier;

import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.ReflectionUtils;

/**
 * The maximum threads of the application's embedded web server, or 0 when it has none. The
 * server is the one Spring Boot's web server application context created, found by its
 * {@code getWebServer()} method, and its threads are read from
 * {@code server.tomcat.threads.max} or {@code server.jetty.threads.max} (200 when not set,
 * Boot's default for both) by name: the types that hold them live in packages that differ
 * between Boot lines.
 */
final class WebServerThreads implements IntSupplier {

	private static final int BOOT_DEFAULT_MAX_THREADS = 200;

	private final ApplicationContext context;

	private final Environment environment;

	WebServerThreads(ApplicationContext context, Environment environment) {
		this.context = context;
		this.environment = environment;
	}

	@Override
	public int getAsInt() {
		Method getWebServer = ReflectionUtils.findMethod(this.context.getClass(), "getWebServer");
		Object webServer = (getWebServer != null) ? ReflectionUtils.invokeMethod(getWebServer, this.context) : null;
		if (webServer == null) {
			return 0;
		}
		String type = webServer.getClass().getSimpleName();
		if (type.startsWith("Tomcat")) {
			return this.environment.getProperty("server.tomcat.threads.max", Integer.class, BOOT_DEFAULT_MAX_THREADS);
		}
		if (type.startsWith("Jetty")) {
			return this.environment.getProperty("server.jetty.threads.max", Integer.class, BOOT_DEFAULT_MAX_THREADS);
		}
		return 0;
	}

}
