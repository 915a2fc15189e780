package dev.connmgmt.benchmarks.report;

import java.util.List;

/**
 * One part of the report: the measurements of one benchmark or scenario group.
 */
public interface Section {

	/**
	 * Return the section's key in the JSON report.
	 * @return the key
	 */
	String key();

	/**
	 * Return the section in markdown, from its own heading on.
	 * @return the markdown
	 */
	String markdown();

	/**
	 * Return the section's data for the JSON report.
	 * @return maps, lists, records and numbers
	 */
	Object json();

	/**
	 * Return the targets this section checks.
	 * @return the targets, possibly none
	 */
	List<Target> targets();

}
