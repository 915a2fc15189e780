package dev.connmgmt.benchmarks.report;

import java.util.Locale;

/**
 * One target of the issue checked against one measurement of the run.
 *
 * @param goal what is wanted, such as {@code connmgmt default ≤ 1.10× Spring Boot default}
 * @param scope where it was measured, such as {@code stub borrow/return, 1 thread}
 * @param measured the measurement as shown, such as {@code 1.04×}
 * @param met whether the target is met
 * @param verdict {@code met}, or by how much it was missed
 */
public record Target(String goal, String scope, String measured, boolean met, String verdict) {

	/**
	 * A ratio that must not exceed a limit.
	 * @param goal what is wanted
	 * @param scope where it was measured
	 * @param ratio the measured ratio
	 * @param limit the largest acceptable ratio
	 * @return the checked target
	 */
	public static Target atMost(String goal, String scope, double ratio, double limit) {
		boolean met = ratio <= limit;
		return new Target(goal, scope, times(ratio), met,
				met ? "met" : String.format(Locale.ROOT, "missed by %.1f%%", (ratio / limit - 1) * 100));
	}

	/**
	 * A ratio that must reach a floor.
	 * @param goal what is wanted
	 * @param scope where it was measured
	 * @param ratio the measured ratio
	 * @param floor the smallest acceptable ratio
	 * @return the checked target
	 */
	public static Target atLeast(String goal, String scope, double ratio, double floor) {
		boolean met = ratio >= floor;
		return new Target(goal, scope, times(ratio), met,
				met ? "met" : String.format(Locale.ROOT, "missed by %.1f%%", (1 - ratio / floor) * 100));
	}

	/**
	 * A quantity that must not exceed a limit, in the same unit.
	 * @param goal what is wanted
	 * @param scope where it was measured
	 * @param value the measured value
	 * @param limit the largest acceptable value
	 * @param unit the unit shown after both
	 * @return the checked target
	 */
	public static Target valueAtMost(String goal, String scope, double value, double limit, String unit) {
		boolean met = value <= limit;
		String verdict = met ? "met"
				: String.format(Locale.ROOT, "missed by %s %s (%s)", number(value - limit), unit,
						(limit > 0) ? String.format(Locale.ROOT, "%.0f%% over", (value / limit - 1) * 100) : "limit 0");
		return new Target(goal, scope, number(value) + " " + unit, met, verdict);
	}

	/**
	 * A ratio with its confidence interval that must reach a floor: met when its estimate
	 * does, proven when the whole interval does.
	 * @param goal what is wanted
	 * @param scope where it was measured
	 * @param ratio the measured ratio
	 * @param floor the smallest acceptable ratio
	 * @return the checked target
	 */
	public static Target atLeast(String goal, String scope, PairedRatio ratio, double floor) {
		boolean met = ratio.estimate() >= floor;
		boolean proven = met ? ratio.low() >= floor : ratio.high() < floor;
		String verdict = met ? "met" : String.format(Locale.ROOT, "missed by %.1f%%", (1 - ratio.estimate() / floor) * 100);
		return new Target(goal, scope, ratio.describe(), met,
				proven ? verdict : notProven(verdict, met ? ratio.low() : ratio.high()));
	}

	/**
	 * A ratio with its confidence interval that must not exceed a limit: met when its
	 * estimate does not, proven when the whole interval does not.
	 * @param goal what is wanted
	 * @param scope where it was measured
	 * @param ratio the measured ratio
	 * @param limit the largest acceptable ratio
	 * @return the checked target
	 */
	public static Target atMost(String goal, String scope, PairedRatio ratio, double limit) {
		boolean met = ratio.estimate() <= limit;
		boolean proven = met ? ratio.high() <= limit : ratio.low() > limit;
		String verdict = met ? "met" : String.format(Locale.ROOT, "missed by %.1f%%", (ratio.estimate() / limit - 1) * 100);
		return new Target(goal, scope, ratio.describe(), met,
				proven ? verdict : notProven(verdict, met ? ratio.high() : ratio.low()));
	}

	/**
	 * A ratio whose whole confidence interval must lie within bounds: what an A/A pair
	 * shows of the measurement's resolution.
	 * @param goal what is wanted
	 * @param scope where it was measured
	 * @param ratio the measured ratio
	 * @param low the lower bound
	 * @param high the upper bound
	 * @return the checked target
	 */
	public static Target within(String goal, String scope, PairedRatio ratio, double low, double high) {
		boolean met = ratio.low() >= low && ratio.high() <= high;
		String verdict = met ? "met"
				: String.format(Locale.ROOT, "missed: the 95%% CI reaches %.3f", (ratio.low() < low) ? ratio.low()
						: ratio.high());
		return new Target(goal, scope, ratio.describe(), met, verdict);
	}

	private static String notProven(String verdict, double reach) {
		return String.format(Locale.ROOT, "%s, not proven: the 95%% CI reaches %.3f", verdict, reach);
	}

	static String times(double ratio) {
		return String.format(Locale.ROOT, "%.3f×", ratio);
	}

	static String number(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e9) {
			return String.format(Locale.ROOT, "%.0f", value);
		}
		return (Math.abs(value) >= 100) ? String.format(Locale.ROOT, "%.0f", value)
				: (Math.abs(value) >= 1) ? String.format(Locale.ROOT, "%.2f", value)
						: String.format(Locale.ROOT, "%.4f", value);
	}

}
