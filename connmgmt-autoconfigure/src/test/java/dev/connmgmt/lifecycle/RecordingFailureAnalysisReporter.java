package dev.connmgmt.lifecycle;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Keeps the failure analysis Spring Boot reports when an application fails to start, so
 * that tests can assert on exactly what a user would read.
 */
public class RecordingFailureAnalysisReporter implements FailureAnalysisReporter {

	private static final AtomicReference<FailureAnalysis> last = new AtomicReference<>();

	@Override
	public void report(FailureAnalysis analysis) {
		last.set(analysis);
	}

	public static FailureAnalysis take() {
		return last.getAndSet(null);
	}

}
