package dev.connmgmt.sample;

import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A small steady load on both pools, so that the pools' metrics move while you watch them
 * under {@code /actuator}. Off with {@code sample.traffic.enabled=false}.
 */
@Component
@ConditionalOnProperty(name = "sample.traffic.enabled", matchIfMissing = true)
class ShopTraffic {

	private static final Logger logger = LoggerFactory.getLogger(ShopTraffic.class);

	private static final String[] ITEMS = { "keyboard", "monitor", "mouse" };

	private final Shop shop;

	ShopTraffic(Shop shop) {
		this.shop = shop;
	}

	@Scheduled(fixedDelayString = "${sample.traffic.interval:250ms}")
	void placeAnOrder() {
		String item = ITEMS[ThreadLocalRandom.current().nextInt(ITEMS.length)];
		try {
			this.shop.order(item, 1);
		}
		catch (OutOfStockException ex) {
			this.shop.restock(item, 100);
		}
		catch (RuntimeException ex) {
			logger.warn("Sample order failed: {}", ex.getMessage());
		}
	}

}
