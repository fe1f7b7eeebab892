package dev.micrograd.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The decision regions of a two-input classifier with its data on top: micrograd's demo draws
 * {@code contourf} of the sign of the score over a grid spanning the data's range ±1, then the
 * points coloured by label. Here the grid is finer than the demo's step of 0.25, and the regions
 * are shaded in two tones each: pale inside the max-margin band ({@code |score| < 1}), stronger
 * beyond it. Where the score is NaN (a diverged model) the region is grey and the legend says so,
 * rather than counting NaN as either class.
 */
public final class BoundaryChart {
    /** Grid cells across the wider axis; the demo's step 0.25 gives about 20. */
    public static final int CELLS = 300;

    private static final double MARGIN = 1.0;

    private BoundaryChart() {
    }

    /**
     * Builds the chart.
     *
     * @param xs the points, each {@code {x1, x2}}
     * @param ys the labels, each +1 or -1 (any positive value counts as +1)
     * @param score the classifier's score at a point; positive means class +1, NaN neither
     * @param title the chart's title
     * @param subtitle a second line under the title (the model and its accuracy), or null
     * @return the chart, ready to be written as PNG
     * @throws IllegalArgumentException if the arrays are empty, of different lengths, or a point is not 2-D
     */
    public static JFreeChart create(double[][] xs, double[] ys, DoubleBinaryOperator score, String title,
                                    String subtitle) {
        Objects.requireNonNull(score, "score");
        if (xs.length == 0 || xs.length != ys.length) {
            throw new IllegalArgumentException("expected as many labels as points, at least one, found "
                    + xs.length + " points and " + ys.length + " labels");
        }
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        XYSeries positives = new XYSeries("label +1");
        XYSeries negatives = new XYSeries("label -1");
        for (int i = 0; i < xs.length; i++) {
            if (xs[i].length != 2) {
                throw new IllegalArgumentException("expected 2 inputs per point, found " + xs[i].length
                        + " at point " + i);
            }
            double x = xs[i][0];
            double y = xs[i][1];
            xmin = Math.min(xmin, x);
            xmax = Math.max(xmax, x);
            ymin = Math.min(ymin, y);
            ymax = Math.max(ymax, y);
            (ys[i] > 0 ? positives : negatives).add(x, y);
        }
        xmin -= MARGIN;
        xmax += MARGIN;
        ymin -= MARGIN;
        ymax += MARGIN;

        double step = Math.max(xmax - xmin, ymax - ymin) / CELLS;
        int nx = (int) Math.ceil((xmax - xmin) / step);
        int ny = (int) Math.ceil((ymax - ymin) / step);
        double[] gx = new double[nx * ny];
        double[] gy = new double[nx * ny];
        double[] gz = new double[nx * ny];
        boolean notANumber = false;
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int k = j * nx + i;
                gx[k] = xmin + (i + 0.5) * step;
                gy[k] = ymin + (j + 0.5) * step;
                double s = score.applyAsDouble(gx[k], gy[k]);
                if (Double.isNaN(s)) {
                    gz[k] = 0;
                    notANumber = true;
                } else {
                    gz[k] = s > 0 ? (s >= 1 ? 2 : 1) : (s <= -1 ? -2 : -1);
                }
            }
        }
        DefaultXYZDataset regions = new DefaultXYZDataset();
        regions.addSeries("regions", new double[][] {gx, gy, gz});

        LookupPaintScale scale = new LookupPaintScale(-2.5, 2.5, Color.WHITE);
        scale.add(-2.5, Colors.NEGATIVE_REGION);
        scale.add(-1.5, Colors.NEGATIVE_MARGIN);
        scale.add(-0.5, Colors.NOT_A_NUMBER);
        scale.add(0.5, Colors.POSITIVE_MARGIN);
        scale.add(1.5, Colors.POSITIVE_REGION);
        XYSeriesCollection points = new XYSeriesCollection();
        points.addSeries(positives);
        points.addSeries(negatives);
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        Shape dot = new Ellipse2D.Double(-4.5, -4.5, 9, 9);
        dots.setSeriesShape(0, dot);
        dots.setSeriesShape(1, dot);
        dots.setSeriesPaint(0, Colors.POSITIVE);
        dots.setSeriesPaint(1, Colors.NEGATIVE);

        NumberAxis xAxis = new NumberAxis("x1");
        xAxis.setRange(xmin, xmax);
        xAxis.setTickUnit(new NumberTickUnit(0.5));
        NumberAxis yAxis = new NumberAxis("x2");
        yAxis.setRange(ymin, ymax);
        yAxis.setTickUnit(new NumberTickUnit(0.5));
        LegendItemCollection legend = new LegendItemCollection();
        legend.add(new LegendItem("label +1", null, null, null, dot, Colors.POSITIVE, new BasicStroke(0.8f),
                Colors.OUTLINE));
        legend.add(new LegendItem("label -1", null, null, null, dot, Colors.NEGATIVE, new BasicStroke(0.8f),
                Colors.OUTLINE));
        Shape square = new Rectangle2D.Double(-6, -6, 12, 12);
        legend.add(new LegendItem("score > 1", Colors.POSITIVE_REGION));
        legend.add(new LegendItem("0 < score < 1", Colors.POSITIVE_MARGIN));
        legend.add(new LegendItem("-1 < score < 0", Colors.NEGATIVE_MARGIN));
        legend.add(new LegendItem("score < -1", Colors.NEGATIVE_REGION));
        if (notANumber) {
            legend.add(new LegendItem("score NaN (diverged)", Colors.NOT_A_NUMBER));
        }
        for (int i = 2; i < legend.getItemCount(); i++) {
            legend.get(i).setShape(square);
        }
        XYPlot plot = RegionsPlot.create(points, dots, regions, scale, step, xAxis, yAxis, legend);
        return RegionsPlot.titled(plot, title, subtitle);
    }
}
