package dev.connmgmt.internal.credentials;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.connmgmt.internal.events.PoolEvents;
import org.slf4j.event.Level;

/**
 * The callbacks a rotating {@link CredentialSource} runs after its credentials changed. One
 * failing callback is logged and does not keep the others from running.
 */
final class ChangeListeners {

	private final String pool;

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	ChangeListeners(String pool) {
		this.pool = pool;
	}

	void add(Runnable listener) {
		this.listeners.add(listener);
	}

	void changed() {
		for (Runnable listener : this.listeners) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				PoolEvents.log(Level.WARN, "rotation.failed", "pool", this.pool, "reason", ex.getMessage());
			}
		}
	}

}
