package dev.micrograd.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The training curve: the loss per step above, the accuracy per step (in percent) below, on one
 * shared step axis. Steps whose loss is NaN or infinite (a diverged run) are not drawn as
 * points but shaded grey and labelled "loss not finite"; the finite steps are drawn as they are.
 */
public final class TrainingChart {
    private TrainingChart() {
    }

    /**
     * Builds the chart.
     *
     * @param losses the loss at each step, step 0 first; NaN or infinite where training diverged
     * @param accuracies the accuracy at each step, each in [0, 1]
     * @param title the chart's title
     * @param subtitle a second line under the title, or null
     * @return the chart, ready to be written as PNG
     * @throws IllegalArgumentException if the arrays are empty or of different lengths
     */
    public static JFreeChart create(double[] losses, double[] accuracies, String title, String subtitle) {
        if (losses.length == 0 || losses.length != accuracies.length) {
            throw new IllegalArgumentException("expected one loss and one accuracy per step, at least one step, found "
                    + losses.length + " losses and " + accuracies.length + " accuracies");
        }
        XYSeries loss = new XYSeries("loss");
        XYSeries accuracy = new XYSeries("accuracy (%)");
        // a non-finite loss is not drawn (it would wreck the axis) but shaded, one band per run of them
        List<IntervalMarker> notFinite = new ArrayList<>();
        for (int step = 0; step < losses.length; step++) {
            if (Double.isFinite(losses[step])) {
                loss.add(step, losses[step]);
            } else if (step > 0 && !Double.isFinite(losses[step - 1])) {
                IntervalMarker band = notFinite.get(notFinite.size() - 1);
                band.setEndValue(step + 0.5);
            } else {
                notFinite.add(band(step));
            }
            accuracy.add(step, 100.0 * accuracies[step]);
        }

        NumberAxis lossAxis = new NumberAxis("loss");
        lossAxis.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer lossLine = line(Colors.NEGATIVE);
        // dots too once some steps are missing, so that a lone finite step still shows
        lossLine.setSeriesShapesVisible(0, !notFinite.isEmpty());
        XYPlot lossPlot = new XYPlot(new XYSeriesCollection(loss), null, lossAxis, lossLine);
        for (IntervalMarker band : notFinite) {
            lossPlot.addDomainMarker(band, Layer.BACKGROUND);
        }
        NumberAxis accuracyAxis = new NumberAxis("accuracy (%)");
        accuracyAxis.setRange(0, 102);
        accuracyAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(20, new DecimalFormat("0")));
        XYPlot accuracyPlot = new XYPlot(new XYSeriesCollection(accuracy), null, accuracyAxis,
                line(Colors.POSITIVE));

        NumberAxis stepAxis = new NumberAxis("step");
        stepAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        stepAxis.setRange(0, Math.max(1, losses.length - 1));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(stepAxis);
        plot.setGap(12);
        for (XYPlot sub : new XYPlot[] {lossPlot, accuracyPlot}) {
            sub.setBackgroundPaint(Color.WHITE);
            sub.setDomainGridlinePaint(Colors.GRID);
            sub.setRangeGridlinePaint(Colors.GRID);
            sub.setOutlinePaint(Colors.OUTLINE);
            plot.add(sub, 1);
        }

        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        if (subtitle != null) {
            chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
        }
        return chart;
    }

    /** A grey band over {@code step}, labelled as a loss that is not a number. */
    private static IntervalMarker band(int step) {
        IntervalMarker band = new IntervalMarker(step - 0.5, step + 0.5, Colors.NOT_A_NUMBER);
        band.setAlpha(1.0f);
        band.setLabel("loss not finite");
        band.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        band.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        band.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        return band;
    }

    private static XYLineAndShapeRenderer line(Color color) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, color);
        renderer.setSeriesStroke(0, new BasicStroke(2.0f));
        return renderer;
    }
}
