package dev.connmgmt.compat.app;

import javax.sql.DataSource;

import dev.connmgmt.pool.ManagedDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The application's own tests on its default embedded H2 database, unchanged by connmgmt,
 * plus the proof that connmgmt manages its DataSource.
 */
@SpringBootTest
class CustomerApplicationTests {

	@Autowired
	private CustomerService service;

	@Autowired
	private CustomerRepository customers;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private ApplicationContext context;

	@Test
	void registersCustomersThroughJpaAndJdbcInOneTransaction() {
		int before = this.service.auditEntries();
		Customer customer = this.service.register("Ada");
		assertThat(this.customers.findById(customer.getId())).isPresent();
		assertThat(this.service.auditEntries()).isEqualTo(before + 1);
	}

	@Test
	void rollsBackBothOnFailure() {
		int before = this.service.auditEntries();
		long customersBefore = this.customers.count();
		assertThatIllegalStateException().isThrownBy(() -> this.service.registerThenFail("Grace"));
		assertThat(this.service.auditEntries()).isEqualTo(before);
		assertThat(this.customers.count()).isEqualTo(customersBefore);
	}

	@Test
	void databaseHealthIsUp() {
		assertThat(ActuatorHealth.of(this.context).status("db")).isEqualTo(ActuatorHealth.UP);
	}

	@Test
	void connmgmtManagesTheSpringDataSourceAsPoolDefault() {
		assertThat(this.dataSource).isInstanceOf(ManagedDataSource.class);
		assertThat(((ManagedDataSource) this.dataSource).getName()).isEqualTo("default");
	}

}
