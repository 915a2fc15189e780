package dev.connmgmt.internal.security;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the role a connection logged in as may do beyond reading and writing data, asked of
 * PostgreSQL's catalog: the role attributes that bypass or hand out permissions
 * (superuser, createrole, createdb, replication, bypassrls), ownership of tables in the
 * schemas of its search path (an owner may alter, drop and re-grant them), and the right
 * to create objects in those schemas or schemas in the database. Each is a finding an
 * application's runtime login should not have; the audit reports them and changes
 * nothing. Other databases are not audited.
 *
 * @since 0.1.0
 */
public final class PrivilegeAudit {

	private static final String ATTRIBUTES = "SELECT current_user, rolsuper, rolcreaterole, rolcreatedb, "
			+ "rolreplication, rolbypassrls FROM pg_roles WHERE rolname = current_user";

	private static final String OWNED_TABLES = "SELECT n.nspname, count(*) FROM pg_class c "
			+ "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY (current_schemas(false)) "
			+ "AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND pg_has_role(current_user, c.relowner, 'USAGE') "
			+ "GROUP BY n.nspname ORDER BY n.nspname";

	private static final String CREATE_IN_SCHEMAS = "SELECT n.nspname FROM pg_namespace n "
			+ "WHERE n.nspname = ANY (current_schemas(false)) AND has_schema_privilege(n.oid, 'CREATE') "
			+ "ORDER BY n.nspname";

	private static final String CREATE_IN_DATABASE = "SELECT current_database(), "
			+ "has_database_privilege(current_database(), 'CREATE')";

	private PrivilegeAudit() {
	}

	/**
	 * Audit the role the given connection logged in as. Only reads the catalog.
	 * @param connection an open connection of the pool
	 * @return the report, {@link PrivilegeReport#audited() not audited} for a database
	 * other than PostgreSQL
	 * @throws SQLException when the catalog cannot be read
	 */
	public static PrivilegeReport audit(Connection connection) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		if (!"PostgreSQL".equalsIgnoreCase(metaData.getDatabaseProductName())) {
			return PrivilegeReport.notAudited(metaData.getUserName(),
					"only PostgreSQL is audited, not " + metaData.getDatabaseProductName());
		}
		List<PrivilegeReport.Finding> findings = new ArrayList<>();
		String role;
		try (PreparedStatement statement = connection.prepareStatement(ATTRIBUTES);
				ResultSet result = statement.executeQuery()) {
			result.next();
			role = result.getString(1);
			attribute(findings, result.getBoolean(2), "superuser", "is a superuser: every permission check is bypassed");
			attribute(findings, result.getBoolean(3), "createrole", "may create, alter and grant roles (CREATEROLE)");
			attribute(findings, result.getBoolean(4), "createdb", "may create databases (CREATEDB)");
			attribute(findings, result.getBoolean(5), "replication",
					"may start replication and read every change (REPLICATION)");
			attribute(findings, result.getBoolean(6), "bypassrls", "bypasses row-level security (BYPASSRLS)");
		}
		try (PreparedStatement statement = connection.prepareStatement(OWNED_TABLES);
				ResultSet result = statement.executeQuery()) {
			while (result.next()) {
				findings.add(new PrivilegeReport.Finding("owns-tables", "owns " + result.getLong(2)
						+ " table(s) or view(s) in schema '" + result.getString(1) + "': it may alter, drop and re-grant them"));
			}
		}
		try (PreparedStatement statement = connection.prepareStatement(CREATE_IN_SCHEMAS);
				ResultSet result = statement.executeQuery()) {
			while (result.next()) {
				findings.add(new PrivilegeReport.Finding("create-in-schema",
						"may create objects in schema '" + result.getString(1) + "' (CREATE on the schema)"));
			}
		}
		try (PreparedStatement statement = connection.prepareStatement(CREATE_IN_DATABASE);
				ResultSet result = statement.executeQuery()) {
			result.next();
			if (result.getBoolean(2)) {
				findings.add(new PrivilegeReport.Finding("create-in-database",
						"may create schemas in database '" + result.getString(1) + "' (CREATE on the database)"));
			}
		}
		return PrivilegeReport.audited(role, findings);
	}

	private static void attribute(List<PrivilegeReport.Finding> findings, boolean has, String code, String what) {
		if (has) {
			findings.add(new PrivilegeReport.Finding(code, what));
		}
	}

}
