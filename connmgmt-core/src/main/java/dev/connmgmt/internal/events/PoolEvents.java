package dev.connmgmt.internal.events;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * connmgmt's lifecycle events as log events: a stable event name and key/values (pool,
 * credential generation, durations, SQLState), readable as text ({@code key=value} in the
 * message) and as Spring Boot structured logging (SLF4J key/value pairs). Logger
 * {@code dev.connmgmt.events}: per-connection events at DEBUG, the rest at INFO or WARN.
 * Never a secret.
 *
 * @since 0.1.0
 */
public final class PoolEvents {

	private static final Logger logger = LoggerFactory.getLogger("dev.connmgmt.events");

	private PoolEvents() {
	}

	/**
	 * Log an event.
	 * @param level the level
	 * @param event the event's name, such as {@code connection.created}
	 * @param keyValues alternating keys and values
	 */
	public static void log(Level level, String event, Object... keyValues) {
		if (!logger.isEnabledForLevel(level)) {
			return;
		}
		LoggingEventBuilder builder = logger.atLevel(level).addKeyValue("event", event);
		StringBuilder message = new StringBuilder("connmgmt ").append(event);
		for (int i = 0; i + 1 < keyValues.length; i += 2) {
			String key = String.valueOf(keyValues[i]);
			Object value = (keyValues[i + 1] instanceof Duration duration) ? duration.toMillis() + "ms" : keyValues[i + 1];
			builder = builder.addKeyValue(key, value);
			message.append(' ').append(key).append('=').append(value);
		}
		builder.log(message.toString());
	}

	/**
	 * Return whether events of a level are logged, to skip building them.
	 * @param level the level
	 * @return whether they are logged
	 */
	public static boolean isEnabled(Level level) {
		return logger.isEnabledForLevel(level);
	}

}
