package dev.connmgmt.benchmarks.postgres;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/**
 * The latencies of every operation of one measured iteration, as a JMH fork writes them
 * for the suite to read: one line each.
 *
 * @param method the benchmark method
 * @param threads benchmark threads
 * @param iteration the iteration's index among the measured iterations
 * @param stack the stack it measured
 * @param nanos the latencies, in nanoseconds
 */
record IterationLatencies(String method, int threads, int iteration, PostgresStack stack, Histogram nanos) {

	String encode() {
		ByteBuffer buffer = ByteBuffer.allocate(this.nanos.getNeededByteBufferCapacity());
		int length = this.nanos.encodeIntoCompressedByteBuffer(buffer);
		byte[] bytes = new byte[length];
		buffer.flip();
		buffer.get(bytes);
		return String.join(" ", this.method, Integer.toString(this.threads), Integer.toString(this.iteration),
				this.stack.name(), Base64.getEncoder().encodeToString(bytes));
	}

	static IterationLatencies decode(String line) {
		String[] fields = line.split(" ");
		try {
			Histogram nanos = Histogram.decodeFromCompressedByteBuffer(
					ByteBuffer.wrap(Base64.getDecoder().decode(fields[4])), 0);
			return new IterationLatencies(fields[0], Integer.parseInt(fields[1]), Integer.parseInt(fields[2]),
					PostgresStack.valueOf(fields[3]), nanos);
		}
		catch (DataFormatException ex) {
			throw new IllegalStateException("Unreadable latencies: " + line, ex);
		}
	}

}
