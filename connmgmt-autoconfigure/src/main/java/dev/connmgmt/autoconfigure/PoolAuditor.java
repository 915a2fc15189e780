package dev.connmgmt.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.connmgmt.internal.events.PoolEvents;
import dev.connmgmt.internal.lifecycle.PoolStarter;
import dev.connmgmt.internal.security.PrivilegeAudit;
import dev.connmgmt.internal.security.PrivilegeReport;
import dev.connmgmt.internal.security.TlsAudit;
import dev.connmgmt.internal.security.TlsReport;
import dev.connmgmt.internal.security.TlsStatus;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.ManagedPools;
import org.slf4j.event.Level;

import org.springframework.context.SmartLifecycle;

/**
 * Audits every started pool once the pools have started, on one connection of each: its
 * login role, as its {@code least-privilege} setting asks, and its session's TLS, as its
 * {@code tls.mode} asks. Findings are logged once and kept for {@code /actuator/connections}
 * and health. Excessive privileges in {@code fail} mode stop the startup, every pool's
 * findings in one failure; an unencrypted session where TLS is required is logged at ERROR
 * and makes the pool's health DOWN. A Vault pool's audit is of the role Vault issued it.
 * Lazy pools are not audited, so as not to start them. Nothing here runs on a borrow.
 */
class PoolAuditor implements SmartLifecycle {

	private final ManagedPools pools;

	private final PoolSettings settings;

	private final Map<String, PrivilegeReport> reports = new ConcurrentHashMap<>();

	private final Map<String, TlsReport> sessions = new ConcurrentHashMap<>();

	private volatile boolean running;

	PoolAuditor(ManagedPools pools, PoolSettings settings) {
		this.pools = pools;
		this.settings = settings;
	}

	@Override
	public void start() {
		List<InvalidPoolConfigurationException> refused = new ArrayList<>();
		for (ManagedDataSource pool : this.pools.all()) {
			PoolProperties properties = this.settings.of(pool);
			LeastPrivilegeMode privileges = properties.getLeastPrivilege();
			TlsMode tls = properties.getTls().getMode();
			boolean auditPrivileges = privileges != LeastPrivilegeMode.OFF;
			boolean auditTls = tls != null && tls != TlsMode.OFF;
			if (!pool.isRunning() || !(auditPrivileges || auditTls)) {
				continue;
			}
			try (Connection connection = pool.getConnection()) {
				if (auditTls) {
					try {
						checkTls(pool, tls, connection);
					}
					catch (SQLException ex) {
						PoolEvents.log(Level.WARN, "pool.unaudited", "pool", pool.getName(), "check", "tls", "reason",
								ex.getMessage());
					}
				}
				if (auditPrivileges) {
					auditPrivileges(pool, privileges, connection, refused);
				}
			}
			catch (SQLException ex) {
				PoolEvents.log(Level.WARN, "pool.unaudited", "pool", pool.getName(), "reason", ex.getMessage());
			}
		}
		if (!refused.isEmpty()) {
			throw InvalidPoolConfigurationException.of(refused);
		}
		this.running = true;
	}

	private void checkTls(ManagedDataSource pool, TlsMode mode, Connection connection) throws SQLException {
		TlsReport session = TlsAudit.audit(connection);
		this.sessions.put(pool.getName(), session);
		TlsStatus status = tlsOf(pool.getName());
		if (status != null && status.problem() != null) {
			PoolEvents.log(status.enforced() ? Level.ERROR : Level.WARN, "tls.unencrypted", "pool", pool.getName(),
					"mode", mode.propertyValue(), "written", status.enforced(),
					"detail", status.problem(), "setting", PoolPropertiesValidator.path(pool.getName(), TlsPolicy.MODE),
					"fix", "connect with sslmode=verify-full (sslrootcert naming the database's CA) to a server with "
							+ "ssl=on");
		}
	}

	private void auditPrivileges(ManagedDataSource pool, LeastPrivilegeMode mode, Connection connection,
			List<InvalidPoolConfigurationException> refused) throws SQLException {
		PrivilegeReport report = PrivilegeAudit.audit(connection);
		this.reports.put(pool.getName(), report);
		if (report.findings().isEmpty()) {
			return;
		}
		String property = ConnmgmtProperties.PREFIX + ".pools." + pool.getName() + ".least-privilege";
		if (mode == LeastPrivilegeMode.FAIL) {
			refused.add(new InvalidPoolConfigurationException(property,
					"Pool '" + pool.getName() + "' logs in with more rights than it needs: " + report.describe(),
					"Log in as a role that may only use the data: without these attributes, not owning the tables, "
							+ "without CREATE on the schema and database (for a Vault pool, change the Vault role's "
							+ "creation_statements); or set " + property + " to warn"));
		}
		else {
			PoolEvents.log(Level.WARN, "privileges.excessive", "pool", pool.getName(), "role", report.role(),
					"findings", report.findings().stream().map(PrivilegeReport.Finding::code).toList(), "detail",
					report.describe(), "setting", property);
		}
	}

	/**
	 * Return the audit of a pool's login role.
	 * @param pool the pool's name
	 * @return the report, or {@code null} when the pool was not audited
	 */
	PrivilegeReport reportOf(String pool) {
		return this.reports.get(pool);
	}

	/**
	 * Return a pool's TLS mode and what its session was found to be.
	 * @param pool the pool's name
	 * @return the status, without a session until the pool was checked; {@code null} for a
	 * pool connmgmt has no settings of
	 */
	TlsStatus tlsOf(String pool) {
		PoolProperties properties = this.settings.pools().get(pool);
		if (properties == null || properties.getTls().getMode() == null) {
			return null;
		}
		TlsMode mode = properties.getTls().getMode();
		return new TlsStatus(mode.propertyValue(), mode != TlsMode.OFF, !isDerived(pool), this.sessions.get(pool));
	}

	private boolean isDerived(String pool) {
		return this.settings.derived()
			.getOrDefault(pool, List.of())
			.stream()
			.anyMatch((derived) -> TlsPolicy.MODE.equals(derived.key()));
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PoolStarter.PHASE + 1;
	}

}
