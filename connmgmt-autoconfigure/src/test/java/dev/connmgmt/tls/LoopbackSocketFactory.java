package dev.connmgmt.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;

import javax.net.SocketFactory;

/**
 * A PgJDBC {@code socketFactory} that opens every connect to the loopback address, on the
 * port the URL names, whatever host the URL names: a pool can then name a remote host, as
 * connmgmt judges it by its URL alone, and still reach the embedded server. It resolves no
 * name, so the test does not depend on this machine's resolver.
 */
public class LoopbackSocketFactory extends SocketFactory {

	@Override
	public Socket createSocket() {
		return new LoopbackSocket();
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return new Socket(InetAddress.getLoopbackAddress(), port);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return new Socket(InetAddress.getLoopbackAddress(), port, localHost, localPort);
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return new Socket(InetAddress.getLoopbackAddress(), port);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return new Socket(InetAddress.getLoopbackAddress(), port, localAddress, localPort);
	}

	private static final class LoopbackSocket extends Socket {

		@Override
		public void connect(SocketAddress endpoint, int timeout) throws IOException {
			int port = ((InetSocketAddress) endpoint).getPort();
			super.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeout);
		}

	}

}
