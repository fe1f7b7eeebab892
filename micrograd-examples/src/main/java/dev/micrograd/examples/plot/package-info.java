/**
 * The demos' pictures, drawn with JFreeChart from plain arrays: {@link
 * dev.micrograd.examples.plot.BoundaryChart} (decision regions and data points, the demo's
 * {@code contourf} + {@code scatter}) and {@link dev.micrograd.examples.plot.TrainingChart} (loss
 * and accuracy per step), and for K classes {@link dev.micrograd.examples.plot.ClassRegionsChart}
 * (the spiral's regions, one colour per class). None knows about {@code Value} or a model: the
 * boundary chart takes the score as a function of the two inputs, the regions chart the class.
 *
 * <pre>{@code
 * BoundaryChart.writePng(Path.of("out/moons-boundary.png"), xs, ys, (x1, x2) -> score(x1, x2), "moons");
 * TrainingChart.writePng(Path.of("out/moons-training.png"), losses, accuracies, "training");
 * }</pre>
 */
package dev.micrograd.examples.plot;
