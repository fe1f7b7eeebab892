/**
 * The gradient-parity report, written when the tests finish: {@code index.html} for people and
 * {@code report.json} for machines, in {@code micrograd-verify/target/parity-report/}.
 *
 * <p>The central class is {@link dev.micrograd.verify.report.ParityReportListener}, a JUnit
 * Platform {@code TestExecutionListener} registered in {@code META-INF/services}: it hears every
 * test's outcome from the launcher and writes the report whether the properties passed, failed or
 * were skipped. {@link dev.micrograd.verify.report.RunReport} lays the run out as a
 * {@link dev.micrograd.verify.ParityReport} page, which writes the files.
 */
package dev.micrograd.verify.report;
