package dev.connmgmt.sample;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The shop's two databases, each through its own pool: the primary {@code orders} pool is
 * the application's DataSource, the {@code inventory} pool is injected by name.
 */
@Service
class Shop {

	private final JdbcTemplate orders;

	private final JdbcTemplate inventory;

	Shop(JdbcTemplate orders, @Qualifier("inventoryDataSource") DataSource inventory) {
		this.orders = orders;
		this.inventory = new JdbcTemplate(inventory);
	}

	Map<String, Object> order(String item, int quantity) {
		int reserved = this.inventory.update(
				"UPDATE stock SET quantity = quantity - ? WHERE item = ? AND quantity >= ?", quantity, item, quantity);
		if (reserved == 0) {
			throw new OutOfStockException(item, quantity);
		}
		Long id = this.orders.queryForObject("INSERT INTO orders (item, quantity) VALUES (?, ?) RETURNING id",
				Long.class, item, quantity);
		return Map.of("id", id, "item", item, "quantity", quantity);
	}

	List<Map<String, Object>> recentOrders() {
		return this.orders.queryForList("SELECT id, item, quantity, placed_at FROM orders ORDER BY id DESC LIMIT 20");
	}

	List<Map<String, Object>> stock() {
		return this.inventory.queryForList("SELECT item, quantity FROM stock ORDER BY item");
	}

	void restock(String item, int quantity) {
		this.inventory.update("UPDATE stock SET quantity = quantity + ? WHERE item = ?", quantity, item);
	}

}
