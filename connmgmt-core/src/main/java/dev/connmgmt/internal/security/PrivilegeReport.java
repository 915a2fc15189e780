package dev.connmgmt.internal.security;

import java.util.List;

/**
 * What a {@link PrivilegeAudit} found for a pool's login role.
 *
 * @param role the role audited
 * @param audited whether the audit ran (only PostgreSQL is audited)
 * @param findings every right the role should not have, none when it has none
 * @param note why the audit did not run, or {@code null}
 * @since 0.1.0
 */
public record PrivilegeReport(String role, boolean audited, List<Finding> findings, String note) {

	/**
	 * Create a report.
	 * @param role the role audited
	 * @param audited whether the audit ran
	 * @param findings the findings
	 * @param note why the audit did not run, or {@code null}
	 */
	public PrivilegeReport {
		findings = List.copyOf(findings);
	}

	static PrivilegeReport audited(String role, List<Finding> findings) {
		return new PrivilegeReport(role, true, findings, null);
	}

	static PrivilegeReport notAudited(String role, String note) {
		return new PrivilegeReport(role, false, List.of(), note);
	}

	/**
	 * Describe the findings in one sentence, naming the role.
	 * @return the description
	 */
	public String describe() {
		StringBuilder description = new StringBuilder("role '").append(this.role).append("' ");
		for (int i = 0; i < this.findings.size(); i++) {
			description.append((i == 0) ? "" : (i == this.findings.size() - 1) ? " and " : ", ")
				.append(this.findings.get(i).detail());
		}
		return description.toString();
	}

	/**
	 * One right the role should not have.
	 *
	 * @param code what kind of right: {@code superuser}, {@code createrole},
	 * {@code createdb}, {@code replication}, {@code bypassrls}, {@code owns-tables},
	 * {@code create-in-schema} or {@code create-in-database}
	 * @param detail what it allows, in words
	 */
	public record Finding(String code, String detail) {
	}

}
