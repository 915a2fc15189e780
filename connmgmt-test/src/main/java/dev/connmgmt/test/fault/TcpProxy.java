package dev.connmgmt.test.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on the loopback interface in front of a server, that injects network faults
 * between a client and the server: added latency, refused connections, reset connections and
 * a black hole (connections accepted, nothing answered, like a hung host or a dropped
 * route). Point the client at {@link #port()}.
 *
 * @since 0.1.0
 */
public final class TcpProxy implements AutoCloseable {

	private final InetSocketAddress target;

	private final int port;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private volatile ServerSocket listener;

	private volatile Thread acceptor;

	private volatile Mode mode = Mode.PASS;

	private volatile Duration latency = Duration.ZERO;

	private volatile boolean closed;

	private TcpProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.listener = listen(0);
		this.port = this.listener.getLocalPort();
		startAccepting(this.listener);
	}

	/**
	 * Start a proxy to a server on this machine.
	 * @param host the server's host
	 * @param port the server's port
	 * @return the running proxy, passing traffic through
	 */
	public static TcpProxy to(String host, int port) {
		try {
			return new TcpProxy(new InetSocketAddress(host, port));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start a TCP proxy to " + host + ":" + port, ex);
		}
	}

	/**
	 * Return the port clients connect to.
	 * @return the proxy's port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return how many client connections the proxy has accepted so far.
	 * @return the number of accepted connections
	 */
	public int acceptedConnections() {
		return this.accepted.get();
	}

	/**
	 * Pass traffic through without delay: the healthy network.
	 */
	public synchronized void pass() {
		this.latency = Duration.ZERO;
		this.mode = Mode.PASS;
		ensureListening();
	}

	/**
	 * Delay every chunk of data in both directions, and every new connection, by a fixed
	 * time.
	 * @param latency the added latency
	 */
	public synchronized void delay(Duration latency) {
		this.latency = latency;
		this.mode = Mode.PASS;
		ensureListening();
	}

	/**
	 * Refuse new connections at the TCP level and reset the open ones: the server is down.
	 */
	public synchronized void refuse() {
		this.mode = Mode.REFUSE;
		closeQuietly(this.listener);
		try {
			this.acceptor.join(2_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		resetAll();
		awaitRefusing();
	}

	private void awaitRefusing() {
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket probe = new Socket()) {
				probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 200);
			}
			catch (IOException ex) {
				return;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		throw new IllegalStateException("Port " + this.port + " still accepts connections after being closed");
	}

	/**
	 * Reset every open connection, as a crashed server or a stateful firewall would; new
	 * connections are still accepted.
	 */
	public void resetAll() {
		for (Link link : this.links) {
			link.reset();
		}
	}

	/**
	 * Accept new connections but never forward a byte, and stop forwarding on the open
	 * ones: the server hangs or the network drops packets silently. Reads block until the
	 * client's own timeouts fire.
	 */
	public synchronized void blackhole() {
		this.mode = Mode.BLACKHOLE;
		ensureListening();
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		closeQuietly(this.listener);
		for (Link link : this.links) {
			link.close();
		}
	}

	@Override
	public String toString() {
		return "TcpProxy[" + this.port + " -> " + this.target.getPort() + ", " + this.mode + "]";
	}

	private void ensureListening() {
		if (this.listener.isClosed() && !this.closed) {
			try {
				this.listener = listen(this.port);
				startAccepting(this.listener);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not listen on port " + this.port + " again", ex);
			}
		}
	}

	private static ServerSocket listen(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
		return socket;
	}

	private void startAccepting(ServerSocket socket) {
		Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-" + this.port + "-accept");
		acceptor.setDaemon(true);
		this.acceptor = acceptor;
		acceptor.start();
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				this.accepted.incrementAndGet();
				Link link = new Link(client);
				this.links.add(link);
				link.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

	private enum Mode {

		PASS, REFUSE, BLACKHOLE

	}

	/**
	 * One client connection and its connection to the server.
	 */
	private final class Link {

		private final Socket client;

		private volatile Socket server;

		Link(Socket client) {
			this.client = client;
		}

		void start() {
			Thread opener = new Thread(this::open, "tcp-proxy-" + TcpProxy.this.port + "-link");
			opener.setDaemon(true);
			opener.start();
		}

		private void open() {
			try {
				pause();
				while (TcpProxy.this.mode == Mode.BLACKHOLE && !this.client.isClosed()) {
					Thread.sleep(50);
				}
				this.server = new Socket();
				this.server.connect(TcpProxy.this.target, 5_000);
				pump(this.server.getInputStream(), this.client.getOutputStream(), "down");
				pump(this.client.getInputStream(), this.server.getOutputStream(), "up");
			}
			catch (IOException | InterruptedException ex) {
				close();
			}
		}

		private void pump(InputStream in, OutputStream out, String direction) {
			Thread pump = new Thread(() -> {
				byte[] buffer = new byte[16 * 1024];
				try {
					int read;
					while ((read = in.read(buffer)) != -1) {
						pause();
						while (TcpProxy.this.mode == Mode.BLACKHOLE && !this.client.isClosed()) {
							Thread.sleep(50);
						}
						out.write(buffer, 0, read);
						out.flush();
					}
				}
				catch (IOException | InterruptedException ex) {
					// the link is gone
				}
				close();
			}, "tcp-proxy-" + TcpProxy.this.port + "-" + direction);
			pump.setDaemon(true);
			pump.start();
		}

		private void pause() throws InterruptedException {
			Duration latency = TcpProxy.this.latency;
			if (!latency.isZero()) {
				Thread.sleep(latency.toMillis());
			}
		}

		void reset() {
			try {
				this.client.setSoLinger(true, 0);
			}
			catch (SocketException ex) {
				// already closed
			}
			close();
		}

		void close() {
			closeQuietly(this.client);
			Socket server = this.server;
			if (server != null) {
				closeQuietly(server);
			}
			TcpProxy.this.links.remove(this);
		}

	}

}
