package dev.connmgmt.test.postgres;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests the embedded PostgreSQL server: declare a parameter of
 * type {@link EmbeddedPostgresServer} on a test, lifecycle method or constructor.
 * <p>
 * One server serves the whole test plan of a JVM; it is stopped when the plan ends. Tests
 * isolate themselves with their own roles and databases
 * ({@link EmbeddedPostgresServer#createDatabaseWithOwner(String)}).
 *
 * @since 0.1.0
 */
public class EmbeddedPostgresExtension implements ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(EmbeddedPostgresExtension.class);

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
			throws ParameterResolutionException {
		return parameterContext.getParameter().getType() == EmbeddedPostgresServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
			throws ParameterResolutionException {
		return server(extensionContext);
	}

	/**
	 * Return the shared server, registering its shutdown at the end of the test plan.
	 * @param context any extension context of the running plan
	 * @return the running server
	 */
	public static EmbeddedPostgresServer server(ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.getOrComputeIfAbsent(ServerResource.class, (key) -> new ServerResource(EmbeddedPostgresServer.shared()),
					ServerResource.class)
			.server();
	}

	private record ServerResource(EmbeddedPostgresServer server) implements ExtensionContext.Store.CloseableResource {

		@Override
		public void close() {
			this.server.close();
		}

	}

}
