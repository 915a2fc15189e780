package dev.connmgmt.sample;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orders go to the {@code orders} pool, stock to the {@code inventory} pool.
 */
@RestController
class ShopController {

	private final Shop shop;

	ShopController(Shop shop) {
		this.shop = shop;
	}

	@GetMapping("/orders")
	List<Map<String, Object>> orders() {
		return this.shop.recentOrders();
	}

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> order(@RequestBody OrderRequest request) {
		return this.shop.order(request.item(), request.quantity());
	}

	@GetMapping("/inventory")
	List<Map<String, Object>> inventory() {
		return this.shop.stock();
	}

	record OrderRequest(String item, int quantity) {
	}

}
