package dev.connmgmt.sample;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

@ResponseStatus(HttpStatus.CONFLICT)
class OutOfStockException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	OutOfStockException(String item, int quantity) {
		super("Not enough '" + item + "' in stock for " + quantity);
	}

}
