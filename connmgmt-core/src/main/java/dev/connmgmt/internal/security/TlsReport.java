package dev.connmgmt.internal.security;

/**
 * What a {@link TlsAudit} found for a pool's session.
 *
 * @param audited whether the server was asked (PostgreSQL only)
 * @param inUse whether the session is encrypted
 * @param protocol the TLS protocol version, such as {@code TLSv1.3}, when in use
 * @param cipher the cipher suite, when in use
 * @param note why the session was not checked, or {@code null}
 * @since 0.1.0
 */
public record TlsReport(boolean audited, boolean inUse, String protocol, String cipher, String note) {

	static TlsReport audited(boolean inUse, String protocol, String cipher) {
		return new TlsReport(true, inUse, protocol, cipher, null);
	}

	static TlsReport notAudited(String note) {
		return new TlsReport(false, false, null, null, note);
	}

}
