package dev.connmgmt.test.secrets;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.event.KeyValuePair;

/**
 * A Logback appender that writes nothing: it scans every event (message, key/values, the
 * messages of its exception chain) for the secrets in {@link IssuedSecrets}. Add it to the
 * root logger of a test suite's {@code logback-test.xml}.
 *
 * @since 0.1.0
 */
public class SecretScanningAppender extends AppenderBase<ILoggingEvent> {

	@Override
	protected void append(ILoggingEvent event) {
		StringBuilder text = new StringBuilder(event.getFormattedMessage());
		if (event.getKeyValuePairs() != null) {
			for (KeyValuePair pair : event.getKeyValuePairs()) {
				text.append(' ').append(pair.key).append('=').append(pair.value);
			}
		}
		for (IThrowableProxy failure = event.getThrowableProxy(); failure != null; failure = failure.getCause()) {
			text.append('\n').append(failure.getClassName()).append(": ").append(failure.getMessage());
			for (IThrowableProxy suppressed : failure.getSuppressed()) {
				text.append('\n').append(suppressed.getClassName()).append(": ").append(suppressed.getMessage());
			}
		}
		IssuedSecrets.scan("log " + event.getLevel() + " " + event.getLoggerName() + " [" + event.getThreadName() + "]",
				text.toString());
	}

}
