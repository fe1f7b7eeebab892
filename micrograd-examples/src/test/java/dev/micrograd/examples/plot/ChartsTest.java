package dev.micrograd.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a person sees: the regions on the right sides, the points in their colours. */
class ChartsTest {
    private static final double[][] XS = {{-1, 0}, {-0.5, 0.5}, {0.5, -0.5}, {1, 0}};
    private static final double[] YS = {-1, -1, 1, 1};

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static int count(BufferedImage image, Color color) {
        return Pixels.count(image, color);
    }

    @Test
    void theBoundaryChartShadesEachSideOfTheScore() {
        // score = x1: class +1 to the right of x1 = 0, the margin band for |x1| < 1
        JFreeChart chart = BoundaryChart.create(XS, YS, (x1, x2) -> x1, "title", "subtitle");
        BufferedImage image = chart.createBufferedImage(800, 600);
        int plotArea = 800 * 600 / 4;   // a generous lower bound for the plot's share of the picture
        int positive = count(image, Colors.POSITIVE_REGION) + count(image, Colors.POSITIVE_MARGIN);
        int negative = count(image, Colors.NEGATIVE_REGION) + count(image, Colors.NEGATIVE_MARGIN);
        assertTrue(positive > plotArea / 4 && negative > plotArea / 4, positive + " / " + negative);
        assertTrue(Math.abs(positive - negative) < 0.1 * (positive + negative),
                "x1 = 0 splits the symmetric range in halves: " + positive + " / " + negative);
        assertTrue(count(image, Colors.POSITIVE_MARGIN) > 0 && count(image, Colors.NEGATIVE_MARGIN) > 0,
                "the margin bands are drawn");
        // a point is drawn over the regions, in its label's colour
        assertTrue(count(image, Colors.POSITIVE) > 20 && count(image, Colors.NEGATIVE) > 20, "the points");
    }

    @Test
    void theBoundaryChartChecksItsInput() {
        IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class,
                () -> BoundaryChart.create(XS, new double[] {1}, (a, b) -> a, "t", null));
        assertEquals("expected as many labels as points, at least one, found 4 points and 1 labels",
                sizes.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BoundaryChart.create(new double[][] {{1, 2, 3}}, new double[] {1}, (a, b) -> a, "t", null));
    }

    @Test
    void theTrainingChartDrawsBothCurves() {
        double[] losses = {1.0, 0.5, 0.25, 0.1};
        double[] accuracies = {0.5, 0.75, 0.9, 1.0};
        BufferedImage image = TrainingChart.create(losses, accuracies, "t", null).createBufferedImage(800, 600);
        assertTrue(count(image, Colors.NEGATIVE) > 100, "the loss curve");
        assertTrue(count(image, Colors.POSITIVE) > 100, "the accuracy curve");
        assertThrows(IllegalArgumentException.class,
                () -> TrainingChart.create(new double[0], new double[0], "t", null));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingChart.create(losses, new double[] {1}, "t", null));
    }

    @Test
    void theClassRegionsChartGivesEachClassItsColour() {
        // class = the quadrant's half: x1 < 0 is 0; x1 >= 0 is 1 above x2 = 0 and 2 below
        double[][] xs = {{-1, 1}, {-1, -1}, {1, 1}, {1, -1}};
        int[] labels = {0, 0, 1, 2};
        JFreeChart chart = ClassRegionsChart.create(xs, labels, 3, (x1, x2) -> x1 < 0 ? 0 : x2 >= 0 ? 1 : 2,
                "title", null);
        BufferedImage image = chart.createBufferedImage(800, 600);
        int left = count(image, Colors.regionOfClass(0));
        int upperRight = count(image, Colors.regionOfClass(1));
        int lowerRight = count(image, Colors.regionOfClass(2));
        assertTrue(upperRight > 10000 && lowerRight > 10000, upperRight + " / " + lowerRight);
        assertTrue(Math.abs(left - (upperRight + lowerRight)) < 0.1 * left, "half the plot: " + left + " vs "
                + upperRight + " + " + lowerRight);
        assertTrue(count(image, Colors.ofClass(2)) > 20, "class 2's point");
        assertTrue(!Colors.ofClass(10).equals(Colors.ofClass(11)), "classes beyond the palette differ too");
    }

    @Test
    void theClassRegionsChartChecksItsInput() {
        double[][] xs = {{0, 0}, {1, 1}};
        assertEquals("expected the label of point 1 in [0, 2), found 2", assertThrows(IllegalArgumentException.class,
                () -> ClassRegionsChart.create(xs, new int[] {0, 2}, 2, (a, b) -> 0, "t", null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ClassRegionsChart.create(xs, new int[] {0, 1}, 2, (a, b) -> 5, "t", null)).getMessage()
                .startsWith("expected the prediction at ("));
        assertEquals("expected as many labels as points, at least one, found 2 points and 1 labels",
                assertThrows(IllegalArgumentException.class,
                        () -> ClassRegionsChart.create(xs, new int[] {0}, 2, (a, b) -> 0, "t", null)).getMessage());
    }

    @Test
    void aNanScoreIsGreyNotTheNegativeMargin() {
        // a diverged model scores NaN everywhere; NaN > 0 and NaN <= -1 are both false, so it must not
        // fall through to the "-1 < score < 0" shade
        BufferedImage image = BoundaryChart.create(XS, YS, (x1, x2) -> Double.NaN, "t", null)
                .createBufferedImage(800, 600);
        int grey = count(image, Colors.NOT_A_NUMBER);
        assertTrue(grey > 800 * 600 / 4, "the plot is grey: " + grey);
        int shades = count(image, Colors.NEGATIVE_MARGIN) + count(image, Colors.NEGATIVE_REGION)
                + count(image, Colors.POSITIVE_MARGIN) + count(image, Colors.POSITIVE_REGION);
        assertTrue(shades < 2_000, "only the legend's four swatches keep the class shades: " + shades);
    }

    @Test
    void theTrainingChartDrawsTheFiniteStepsAndShadesTheOthers() {
        // the shape of `moons --lr 1e300`: a finite loss at step 0, NaN from step 1 on
        double[] losses = {0.9, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN};
        double[] accuracies = {0.5, 0.5, 0.5, 0.5, 0.5};
        JFreeChart chart = TrainingChart.create(losses, accuracies, "t", null);
        XYPlot lossPlot = (XYPlot) ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots().get(0);
        XYDataset points = lossPlot.getDataset();
        assertEquals(1, points.getItemCount(0), "only step 0 is a point");
        assertEquals(0.9, points.getYValue(0, 0));
        assertEquals(1, lossPlot.getDomainMarkers(Layer.BACKGROUND).size(), "one band for steps 1 to 4");
        IntervalMarker band = (IntervalMarker) lossPlot.getDomainMarkers(Layer.BACKGROUND).iterator().next();
        assertEquals(0.5, band.getStartValue());
        assertEquals(4.5, band.getEndValue());
        assertEquals("loss not finite", band.getLabel());

        BufferedImage image = chart.createBufferedImage(800, 600);
        assertTrue(count(image, Colors.NOT_A_NUMBER) > 10_000, "the band is drawn");
        assertTrue(count(image, Colors.POSITIVE) > 100, "the accuracy curve");
    }
}
