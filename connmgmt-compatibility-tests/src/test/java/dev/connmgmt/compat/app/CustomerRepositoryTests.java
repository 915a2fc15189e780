package dev.connmgmt.compat.app;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's JPA slice test: Spring Boot's test database replaces the DataSource, as
 * it does without connmgmt. {@link CompatJpaTest} is this Spring Boot line's
 * {@code @DataJpaTest}.
 */
@CompatJpaTest
class CustomerRepositoryTests {

	@Autowired
	private CustomerRepository customers;

	@Test
	void findsCustomersByNamePrefix() {
		this.customers.save(new Customer("Alan"));
		this.customers.save(new Customer("Alonzo"));
		this.customers.save(new Customer("Barbara"));
		assertThat(this.customers.findByNameStartingWith("Al")).extracting(Customer::getName)
			.containsExactlyInAnyOrder("Alan", "Alonzo");
	}

}
