package dev.connmgmt.pool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.credentials.Credentials;

/**
 * Credentials a test changes at will: {@link #set} changes them silently (a secret the
 * pool is not told about), {@link #rotate} also tells the pool, as a rotating source does.
 */
class MutableCredentialSource implements CredentialSource {

	private final AtomicReference<Credentials> current;

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	MutableCredentialSource(Credentials first) {
		this.current = new AtomicReference<>(first);
	}

	void set(Credentials next) {
		this.current.set(next);
	}

	void rotate(Credentials next) {
		this.current.set(next);
		this.listeners.forEach(Runnable::run);
	}

	@Override
	public Credentials current() {
		return this.current.get();
	}

	@Override
	public String type() {
		return "test";
	}

	@Override
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

}
