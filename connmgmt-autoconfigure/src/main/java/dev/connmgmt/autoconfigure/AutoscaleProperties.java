package dev.connmgmt.autoconfigure;

import java.time.Duration;

/**
 * Adaptive sizing of a pool, under {@code connmgmt.pools.<name>.autoscale}: grow quickly
 * while threads wait, shrink slowly after a cooldown.
 *
 * @since 0.1.0
 */
public class AutoscaleProperties {

	/**
	 * Whether the pool sizes itself by its load, starting from maximum-pool-size.
	 */
	private boolean enabled;

	/**
	 * Largest maximum-pool-size the pool may grow to.
	 */
	private int max = 50;

	/**
	 * Acquisition wait the 99th percentile should stay under; above it, over at least 100
	 * acquisitions of which at least scale-up-step waited longer, the pool grows.
	 */
	private Duration targetWait = Duration.ofMillis(5);

	/**
	 * Connections added at each growth.
	 */
	private int scaleUpStep = 4;

	/**
	 * Connections removed at each shrink.
	 */
	private int scaleDownStep = 1;

	/**
	 * Time without pressure before the pool shrinks, and between shrinks.
	 */
	private Duration cooldown = Duration.ofSeconds(30);

	/**
	 * Time between looks at the pool's load.
	 */
	private Duration interval = Duration.ofSeconds(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMax() {
		return this.max;
	}

	public void setMax(int max) {
		this.max = max;
	}

	public Duration getTargetWait() {
		return this.targetWait;
	}

	public void setTargetWait(Duration targetWait) {
		this.targetWait = targetWait;
	}

	public int getScaleUpStep() {
		return this.scaleUpStep;
	}

	public void setScaleUpStep(int scaleUpStep) {
		this.scaleUpStep = scaleUpStep;
	}

	public int getScaleDownStep() {
		return this.scaleDownStep;
	}

	public void setScaleDownStep(int scaleDownStep) {
		this.scaleDownStep = scaleDownStep;
	}

	public Duration getCooldown() {
		return this.cooldown;
	}

	public void setCooldown(Duration cooldown) {
		this.cooldown = cooldown;
	}

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	AutoscaleProperties copy() {
		AutoscaleProperties copy = new AutoscaleProperties();
		copy.enabled = this.enabled;
		copy.max = this.max;
		copy.targetWait = this.targetWait;
		copy.scaleUpStep = this.scaleUpStep;
		copy.scaleDownStep = this.scaleDownStep;
		copy.cooldown = this.cooldown;
		copy.interval = this.interval;
		return copy;
	}

}
