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
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.ManagedPools;
import org.slf4j.event.Level;

import org.springframework.context.SmartLifecycle;

/**
 * Audits the login role of every started pool once the pools have started, as its
 * {@code least-privilege} setting asks: findings are logged once and kept for
 * {@code /actuator/connections}; in {@code fail} mode they stop the startup, every pool's
 * findings in one failure. A Vault pool's audit is of the role Vault issued it. Lazy pools
 * are not audited, so as not to start them.
 */
class PrivilegeAuditor implements SmartLifecycle {

	private final ManagedPools pools;

	private final PoolSettings settings;

	private final Map<String, PrivilegeReport> reports = new ConcurrentHashMap<>();

	private volatile boolean running;

	PrivilegeAuditor(ManagedPools pools, PoolSettings settings) {
		this.pools = pools;
		this.settings = settings;
	}

	@Override
	public void start() {
		List<InvalidPoolConfigurationException> refused = new ArrayList<>();
		for (ManagedDataSource pool : this.pools.all()) {
			LeastPrivilegeMode mode = this.settings.of(pool).getLeastPrivilege();
			if (mode == LeastPrivilegeMode.OFF || !pool.isRunning()) {
				continue;
			}
			PrivilegeReport report = audit(pool);
			if (report == null || report.findings().isEmpty()) {
				continue;
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
		if (!refused.isEmpty()) {
			throw InvalidPoolConfigurationException.of(refused);
		}
		this.running = true;
	}

	private PrivilegeReport audit(ManagedDataSource pool) {
		try (Connection connection = pool.getConnection()) {
			PrivilegeReport report = PrivilegeAudit.audit(connection);
			this.reports.put(pool.getName(), report);
			return report;
		}
		catch (SQLException ex) {
			PoolEvents.log(Level.WARN, "privileges.unaudited", "pool", pool.getName(), "reason", ex.getMessage());
			return null;
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
