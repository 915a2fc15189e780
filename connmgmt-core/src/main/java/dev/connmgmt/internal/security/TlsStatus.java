package dev.connmgmt.internal.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pool's TLS policy together with what its session was found to be: the live check's
 * outcome, as health and the connections endpoint show it.
 *
 * @param mode the pool's TLS mode as configured or derived ({@code off}, {@code require},
 * {@code verify-full})
 * @param required whether the mode requires an encrypted session
 * @param enforced whether the user wrote the mode, so that a session breaking it makes the
 * pool DOWN; a mode connmgmt derived only reports it
 * @param session what the server said of a session of the pool, or {@code null} when no
 * session was checked (the pool has not started)
 * @since 0.1.0
 */
public record TlsStatus(String mode, boolean required, boolean enforced, TlsReport session) {

	/**
	 * Return why the pool breaks its TLS policy, if it does: the mode requires TLS and the
	 * server says the session is not encrypted.
	 * @return the reason, or {@code null}
	 */
	public String problem() {
		if (this.required && this.session != null && this.session.audited() && !this.session.inUse()) {
			return "tls.mode is " + this.mode + " but the session is not encrypted (pg_stat_ssl.ssl = false)";
		}
		return null;
	}

	/**
	 * Return the status as health details: mode, and when a session was checked whether TLS
	 * is in use, its protocol and cipher.
	 * @return the details, in order
	 */
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("mode", this.mode);
		if (this.session != null && this.session.audited()) {
			details.put("inUse", this.session.inUse());
			if (this.session.inUse()) {
				details.put("protocol", this.session.protocol());
				details.put("cipher", this.session.cipher());
			}
		}
		else if (this.session != null) {
			details.put("note", this.session.note());
		}
		return details;
	}

}
