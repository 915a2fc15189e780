package dev.connmgmt.internal.tls;

import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.connmgmt.credentials.ClientCertificate;

/**
 * Lends a client certificate to one PgJDBC connect. PgJDBC instantiates its
 * {@code sslfactory} by class name for every connection and hands it the connection's
 * properties, which hold strings only: the certificate stays in this registry, under a
 * random handle named in the properties, for as long as the connect takes.
 *
 * @since 0.1.0
 */
public final class ClientCertificateSockets {

	/**
	 * The driver property that names the lent certificate's handle.
	 */
	static final String HANDLE = "connmgmt.clientCertificate";

	private static final String SSL_FACTORY = "sslfactory";

	private static final Map<String, ClientCertificate> lent = new ConcurrentHashMap<>();

	private ClientCertificateSockets() {
	}

	/**
	 * Lend a certificate to the connect that uses the given driver properties: they get
	 * connmgmt's {@code sslfactory} and the handle it finds the certificate by.
	 * @param certificate the certificate and key
	 * @param properties the connect's driver properties
	 * @return what ends the loan; close it once the connect returned or failed
	 */
	public static Loan lend(ClientCertificate certificate, Properties properties) {
		String handle = UUID.randomUUID().toString();
		lent.put(handle, certificate);
		properties.setProperty(SSL_FACTORY, ClientCertificateSocketFactory.class.getName());
		properties.setProperty(HANDLE, handle);
		return () -> lent.remove(handle);
	}

	static ClientCertificate borrow(String handle) {
		return (handle != null) ? lent.get(handle) : null;
	}

	/**
	 * The loan of a certificate to one connect.
	 */
	@FunctionalInterface
	public interface Loan extends AutoCloseable {

		@Override
		void close();

	}

}
