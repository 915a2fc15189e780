package dev.connmgmt.compat.app;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class CustomerService {

	private final CustomerRepository customers;

	private final JdbcTemplate jdbc;

	public CustomerService(CustomerRepository customers, JdbcTemplate jdbc) {
		this.customers = customers;
		this.jdbc = jdbc;
	}

	@Transactional
	public Customer register(String name) {
		Customer customer = this.customers.save(new Customer(name));
		this.jdbc.update("INSERT INTO audit_log (customer_id, action) VALUES (?, 'registered')", customer.getId());
		return customer;
	}

	@Transactional
	public void registerThenFail(String name) {
		register(name);
		throw new IllegalStateException("rolled back on purpose");
	}

	public int auditEntries() {
		return this.jdbc.queryForObject("SELECT count(*) FROM audit_log", Integer.class);
	}

}
