package dev.connmgmt.benchmarks.report;

import java.util.List;
import java.util.Locale;

/**
 * The ratio of one measurement to another from rounds that measured both, with its 95%
 * confidence interval: the geometric mean of the rounds' ratios, and Student's t interval
 * of the mean of their logarithms. Paired by round, a load on the shared machine that
 * changes between rounds cancels out of each ratio; the interval says how far the rest of
 * the noise leaves the ratio uncertain.
 *
 * @param estimate the geometric mean of the ratios
 * @param low the interval's lower end
 * @param high the interval's upper end
 * @param rounds the ratios it is drawn from
 */
public record PairedRatio(double estimate, double low, double high, int rounds) {

	/**
	 * The confidence level of the interval.
	 */
	public static final double CONFIDENCE = 0.95;

	/**
	 * Student's t at 97.5% (two-sided 95%) for 1 to 30 degrees of freedom; the normal
	 * distribution's 1.96 beyond.
	 */
	private static final double[] T_975 = { 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
			2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
			2.056, 2.052, 2.048, 2.045, 2.042 };

	/**
	 * Draw the ratio and its interval from each round's ratio.
	 * @param ratios one per round
	 * @return the ratio; its interval is unbounded with fewer than two rounds
	 */
	public static PairedRatio of(List<Double> ratios) {
		int n = ratios.size();
		if (n == 0) {
			return new PairedRatio(Double.NaN, Double.NaN, Double.NaN, 0);
		}
		double[] logs = ratios.stream().mapToDouble(Math::log).toArray();
		double mean = 0;
		for (double log : logs) {
			mean += log / n;
		}
		if (n < 2) {
			return new PairedRatio(Math.exp(mean), 0, Double.POSITIVE_INFINITY, 1);
		}
		double squares = 0;
		for (double log : logs) {
			squares += (log - mean) * (log - mean);
		}
		double error = t(n - 1) * Math.sqrt(squares / (n - 1) / n);
		return new PairedRatio(Math.exp(mean), Math.exp(mean - error), Math.exp(mean + error), n);
	}

	private static double t(int degreesOfFreedom) {
		return (degreesOfFreedom <= T_975.length) ? T_975[degreesOfFreedom - 1] : 1.96;
	}

	/**
	 * Return the ratio and its interval as shown in the report.
	 * @return such as {@code 0.991× [0.978, 1.004]}
	 */
	public String describe() {
		if (this.rounds < 2) {
			return String.format(Locale.ROOT, "%.3f× [no interval from %d round]", this.estimate, this.rounds);
		}
		return String.format(Locale.ROOT, "%.3f× [%.3f, %.3f]", this.estimate, this.low, this.high);
	}

}
