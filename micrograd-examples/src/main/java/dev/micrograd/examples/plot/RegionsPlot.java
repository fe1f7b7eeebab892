package dev.micrograd.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYDataset;

/**
 * What the two region pictures share ({@link BoundaryChart}, {@link ClassRegionsChart}): a grid of
 * coloured cells under the data points, on two axes, with a fixed legend below and a title above.
 */
final class RegionsPlot {
    private RegionsPlot() {
    }

    /**
     * The plot: {@code regions} (x, y, z per cell) drawn as square cells of side {@code step},
     * coloured by {@code scale}, and {@code points} drawn over them by {@code dots} (outlined).
     */
    static XYPlot create(XYDataset points, XYLineAndShapeRenderer dots, XYDataset regions, LookupPaintScale scale,
                         double step, NumberAxis xAxis, NumberAxis yAxis, LegendItemCollection legend) {
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setPaintScale(scale);
        // a hair wider than a cell, so anti-aliasing leaves no seams between neighbours
        blocks.setBlockWidth(step * 1.02);
        blocks.setBlockHeight(step * 1.02);
        blocks.setBlockAnchor(RectangleAnchor.CENTER);
        dots.setUseOutlinePaint(true);
        dots.setDefaultOutlinePaint(Colors.OUTLINE);
        dots.setDefaultOutlineStroke(new BasicStroke(0.8f));
        dots.setDrawOutlines(true);

        XYPlot plot = new XYPlot();
        plot.setDomainAxis(xAxis);
        plot.setRangeAxis(yAxis);
        // dataset 0 (points) is drawn after dataset 1 (regions): JFreeChart's default reverse order
        plot.setDataset(0, points);
        plot.setRenderer(0, dots);
        plot.setDataset(1, regions);
        plot.setRenderer(1, blocks);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Colors.OUTLINE);
        plot.setFixedLegendItems(legend);
        return plot;
    }

    /** The chart around {@code plot}: the title in bold, the legend at the bottom, the subtitle if any. */
    static JFreeChart titled(XYPlot plot, String title, String subtitle) {
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        if (subtitle != null) {
            chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
        }
        return chart;
    }
}
