package dev.micrograd.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The decision regions of a K-class classifier of two inputs, with its data on top: CS231n's
 * spiral picture ({@code contourf} of the predicted class over a grid, then the points coloured by
 * class). Each class has one colour, pale for its region and full for its points
 * ({@link Colors#ofClass}). The grid spans the data's range plus a tenth of it on every side.
 */
public final class ClassRegionsChart {
    /** What the regions show: the class a classifier predicts at a point. */
    @FunctionalInterface
    public interface Classifier {
        /**
         * The predicted class at {@code (x1, x2)}.
         *
         * @param x1 the first input
         * @param x2 the second input
         * @return a class in {@code [0, K)}
         */
        int classAt(double x1, double x2);
    }

    /** Grid cells across the wider axis. */
    public static final int CELLS = 300;

    private ClassRegionsChart() {
    }

    /**
     * Builds the chart.
     *
     * @param xs the points, each {@code {x1, x2}}
     * @param labels each point's class, in {@code [0, classes)}
     * @param classes the number of classes K, at least 1
     * @param classify the predicted class at a point, in {@code [0, classes)}
     *        (e.g. {@code Losses.argmax(model.forward(x1, x2))})
     * @param title the chart's title
     * @param subtitle a second line under the title, or null
     * @return the chart, ready to be written as PNG
     * @throws IllegalArgumentException if the arrays are empty or of different lengths, a point is
     *         not 2-D, a label or a prediction is outside {@code [0, classes)}
     */
    public static JFreeChart create(double[][] xs, int[] labels, int classes, Classifier classify,
                                    String title, String subtitle) {
        Objects.requireNonNull(classify, "classify");
        if (xs.length == 0 || xs.length != labels.length) {
            throw new IllegalArgumentException("expected as many labels as points, at least one, found "
                    + xs.length + " points and " + labels.length + " labels");
        }
        if (classes < 1) {
            throw new IllegalArgumentException("expected at least 1 class, found " + classes);
        }
        XYSeriesCollection points = new XYSeriesCollection();
        XYSeries[] byClass = new XYSeries[classes];
        for (int k = 0; k < classes; k++) {
            byClass[k] = new XYSeries("class " + k);
            points.addSeries(byClass[k]);
        }
        double[] box = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY};
        for (int i = 0; i < xs.length; i++) {
            if (xs[i].length != 2) {
                throw new IllegalArgumentException("expected 2 inputs per point, found " + xs[i].length + " at point " + i);
            }
            byClass[checkClass(labels[i], classes, "label of point " + i)].add(xs[i][0], xs[i][1]);
            box[0] = Math.min(box[0], xs[i][0]);
            box[1] = Math.max(box[1], xs[i][0]);
            box[2] = Math.min(box[2], xs[i][1]);
            box[3] = Math.max(box[3], xs[i][1]);
        }
        double pad = 0.1 * Math.max(Math.max(box[1] - box[0], box[3] - box[2]), 1e-9);
        double xmin = box[0] - pad;
        double ymin = box[2] - pad;
        double step = (Math.max(box[1] - box[0], box[3] - box[2]) + 2 * pad) / CELLS;
        int nx = (int) Math.ceil((box[1] + pad - xmin) / step);
        int ny = (int) Math.ceil((box[3] + pad - ymin) / step);

        double[][] grid = new double[3][nx * ny];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int cell = j * nx + i;
                grid[0][cell] = xmin + (i + 0.5) * step;
                grid[1][cell] = ymin + (j + 0.5) * step;
                int predicted = classify.classAt(grid[0][cell], grid[1][cell]);
                grid[2][cell] = checkClass(predicted, classes, "prediction at (" + grid[0][cell] + ", "
                        + grid[1][cell] + ")");
            }
        }
        DefaultXYZDataset regions = new DefaultXYZDataset();
        regions.addSeries("regions", grid);
        LookupPaintScale scale = new LookupPaintScale(-0.5, classes - 0.5, Color.WHITE);
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        Shape dot = new Ellipse2D.Double(-4, -4, 8, 8);
        LegendItemCollection legend = new LegendItemCollection();
        for (int k = 0; k < classes; k++) {
            scale.add(k - 0.5, Colors.regionOfClass(k));
            dots.setSeriesShape(k, dot);
            dots.setSeriesPaint(k, Colors.ofClass(k));
            legend.add(new LegendItem("class " + k, null, null, null, dot, Colors.ofClass(k), new BasicStroke(0.8f),
                    Colors.OUTLINE));
        }
        for (int k = 0; k < classes; k++) {
            LegendItem region = new LegendItem("predicted " + k, Colors.regionOfClass(k));
            region.setShape(new Rectangle2D.Double(-6, -6, 12, 12));
            legend.add(region);
        }
        NumberAxis xAxis = new NumberAxis("x1");
        xAxis.setRange(xmin, xmin + nx * step);
        NumberAxis yAxis = new NumberAxis("x2");
        yAxis.setRange(ymin, ymin + ny * step);
        XYPlot plot = RegionsPlot.create(points, dots, regions, scale, step, xAxis, yAxis, legend);
        return RegionsPlot.titled(plot, title, subtitle);
    }

    private static int checkClass(int k, int classes, String what) {
        if (k < 0 || k >= classes) {
            throw new IllegalArgumentException("expected the " + what + " in [0, " + classes + "), found " + k);
        }
        return k;
    }
}
