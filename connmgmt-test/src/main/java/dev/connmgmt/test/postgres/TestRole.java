package dev.connmgmt.test.postgres;

/**
 * A login role created on the embedded server.
 *
 * @param name the role name
 * @param password the role's password
 * @since 0.1.0
 */
public record TestRole(String name, String password) {

	@Override
	public String toString() {
		return "TestRole[name=" + this.name + ", password=******]";
	}

}
