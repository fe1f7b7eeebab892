package dev.micrograd.examples.draw;

import dev.micrograd.engine.Graph;
import dev.micrograd.engine.Value;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * A laid-out picture of an expression graph, drawn as the lecture's {@code draw_dot} draws it:
 * left to right, a record {@code label | data 0.7071 | grad 1.0000} per {@link Value}, a small
 * ellipse per operation between a result and its operands.
 *
 * <p>The layout is Eclipse ELK's layered algorithm (Sugiyama style: layers left to right, edge
 * crossings minimised by layer sweeps, spline edges), run in plain Java without an Eclipse
 * runtime. The layout is computed once, by {@link #of(Value)}; {@link #paint(Graphics2D)} draws it,
 * and both {@link #svg()} and {@link #png()} are that one painting, so the two formats agree.
 * The numbers shown are those of the values when {@link #of(Value)} ran.
 *
 * <p>Instances are immutable.
 */
public final class GraphPicture {
    /**
     * The most values a picture is drawn for. The lecture's {@code draw_dot(n(x))} of
     * {@code MLP(3, [4, 4, 1])} has 62 values and fits on about two screens; its loss over the four
     * examples has 138 and would be a poster of some 4900 by 2100 units, where nobody follows an
     * edge: the DOT text serves such graphs better.
     */
    public static final int MAX_VALUES = 100;

    /** How many device pixels {@link #png()} uses per picture unit: sharp on high-density screens. */
    public static final int PNG_SCALE = 2;

    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final FontRenderContext METRICS = new FontRenderContext(null, true, true);
    private static final double CELL_PADDING = 7;
    private static final double RECORD_HEIGHT = 24;
    private static final double OP_HEIGHT = 22;
    private static final double OP_MIN_WIDTH = 30;
    private static final double ARROW = 7;
    private static final Color INK = new Color(0x33, 0x33, 0x33);
    private static final Color RECORD_FILL = new Color(0xfa, 0xfa, 0xf5);
    private static final Color OP_FILL = new Color(0xe8, 0xf0, 0xfa);

    static {
        // without an Eclipse runtime nobody registers the layered algorithm; once per class loader is enough
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }

    /** A value's record: its cells' texts and widths, and where it sits. */
    private record RecordBox(String[] cells, double[] widths, double x, double y, double width, double height) {
    }

    /** An operation's ellipse. */
    private record OpBox(String text, double x, double y, double width, double height) {
    }

    /**
     * An edge: its start, control points and end. With {@code spline} the points after the start
     * come in threes (two Bézier control points and an end); otherwise they are a polyline.
     */
    private record Edge(double[] xs, double[] ys, boolean spline) {
    }

    private final List<RecordBox> records;
    private final List<OpBox> ops;
    private final List<Edge> edges;
    private final double width;
    private final double height;

    private GraphPicture(List<RecordBox> records, List<OpBox> ops, List<Edge> edges, double width, double height) {
        this.records = List.copyOf(records);
        this.ops = List.copyOf(ops);
        this.edges = List.copyOf(edges);
        this.width = width;
        this.height = height;
    }

    /**
     * Lays out the graph below {@code root}.
     *
     * @param root the output node
     * @return the picture of every value reachable from {@code root}
     * @throws NullPointerException if {@code root} is null
     * @throws GraphTooLargeException if the graph has more than {@link #MAX_VALUES} values
     */
    public static GraphPicture of(Value root) {
        Objects.requireNonNull(root, "root");
        List<Value> order = Graph.compile(root).nodes();
        if (order.size() > MAX_VALUES) {
            throw new GraphTooLargeException(order.size(), MAX_VALUES);
        }
        ElkNode graph = ElkGraphUtil.createGraph();
        graph.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        graph.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        graph.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.SPLINES);
        graph.setProperty(CoreOptions.PADDING, new ElkPadding(10));
        graph.setProperty(CoreOptions.SPACING_NODE_NODE, 14.0);
        graph.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 28.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 14.0);

        Map<Value, ElkNode> recordNodes = new IdentityHashMap<>(order.size() * 2);
        Map<ElkNode, String[]> cellsOf = new IdentityHashMap<>();
        Map<ElkNode, String> opText = new IdentityHashMap<>();
        for (Value v : order) {
            String[] cells = {v.label(), "data " + format(v.data()), "grad " + format(v.grad())};
            ElkNode record = ElkGraphUtil.createNode(graph);
            double w = 0;
            for (String cell : cells) {
                w += cellWidth(cell);
            }
            record.setDimensions(w, RECORD_HEIGHT);
            recordNodes.put(v, record);
            cellsOf.put(record, cells);
            if (!v.isLeaf()) {
                ElkNode op = ElkGraphUtil.createNode(graph);
                op.setDimensions(Math.max(OP_MIN_WIDTH, textWidth(v.op()) + 2 * CELL_PADDING), OP_HEIGHT);
                opText.put(op, v.op());
                ElkGraphUtil.createSimpleEdge(op, record);
                for (Value child : v.children()) {
                    // children come before their parent in topological order, so their records exist
                    ElkGraphUtil.createSimpleEdge(recordNodes.get(child), op);
                }
            }
        }
        new RecursiveGraphLayoutEngine().layout(graph, new BasicProgressMonitor());

        List<RecordBox> records = new ArrayList<>();
        List<OpBox> ops = new ArrayList<>();
        for (ElkNode node : graph.getChildren()) {
            String[] cells = cellsOf.get(node);
            if (cells != null) {
                double[] widths = new double[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    widths[i] = cellWidth(cells[i]);
                }
                records.add(new RecordBox(cells, widths, node.getX(), node.getY(), node.getWidth(), node.getHeight()));
            } else {
                ops.add(new OpBox(opText.get(node), node.getX(), node.getY(), node.getWidth(), node.getHeight()));
            }
        }
        List<Edge> edges = new ArrayList<>();
        for (ElkEdge edge : graph.getContainedEdges()) {
            for (ElkEdgeSection section : edge.getSections()) {
                edges.add(edgeOf(section));
            }
        }
        return new GraphPicture(records, ops, edges, Math.ceil(graph.getWidth()), Math.ceil(graph.getHeight()));
    }

    private static Edge edgeOf(ElkEdgeSection section) {
        List<ElkBendPoint> bends = section.getBendPoints();
        int n = bends.size() + 2;
        double[] xs = new double[n];
        double[] ys = new double[n];
        xs[0] = section.getStartX();
        ys[0] = section.getStartY();
        for (int i = 0; i < bends.size(); i++) {
            xs[i + 1] = bends.get(i).getX();
            ys[i + 1] = bends.get(i).getY();
        }
        xs[n - 1] = section.getEndX();
        ys[n - 1] = section.getEndY();
        // ELK's spline router gives cubic Bézier control points: start, then (c1, c2, end) per piece
        return new Edge(xs, ys, (n - 1) % 3 == 0 && n > 2);
    }

    /**
     * The picture's width in picture units (SVG user units; {@link #png()} has
     * {@link #PNG_SCALE} pixels per unit).
     *
     * @return the width, at least 1
     */
    public int width() {
        return (int) Math.max(1, width);
    }

    /**
     * The picture's height in picture units.
     *
     * @return the height, at least 1
     */
    public int height() {
        return (int) Math.max(1, height);
    }

    /**
     * The number of value records in the picture: the number of values in the graph.
     *
     * @return the count of records
     */
    public int values() {
        return records.size();
    }

    /**
     * Paints the picture at the origin, in picture units, onto {@code g}. Each record is a group
     * that SVG output marks with {@code class="value"}, each operation one marked {@code class="op"}.
     *
     * @param g where to paint; its transform, hints and colours are changed
     */
    public void paint(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setFont(FONT);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, width, height));
        g.setStroke(new BasicStroke(1f));
        for (Edge edge : edges) {
            drawEdge(g, edge);
        }
        for (RecordBox r : records) {
            beginGroup(g, "value");
            fillAndOutline(g, new Rectangle2D.Double(r.x, r.y, r.width, r.height), RECORD_FILL);
            double x = r.x;
            for (int i = 0; i < r.cells.length; i++) {
                if (i > 0) {
                    g.draw(new Line2D.Double(x, r.y, x, r.y + r.height));
                }
                drawCentred(g, r.cells[i], x + r.widths[i] / 2, r.y + r.height / 2);
                x += r.widths[i];
            }
            endGroup(g);
        }
        for (OpBox op : ops) {
            beginGroup(g, "op");
            fillAndOutline(g, new Ellipse2D.Double(op.x, op.y, op.width, op.height), OP_FILL);
            drawCentred(g, op.text, op.x + op.width / 2, op.y + op.height / 2);
            endGroup(g);
        }
    }

    /**
     * The picture as an SVG element, without an XML declaration, to inline into HTML or to save
     * as an {@code .svg} file.
     *
     * @return well-formed SVG text
     */
    public String svg() {
        SVGGraphics2D g = new SVGGraphics2D(width(), height());
        try {
            paint(g);
        } finally {
            g.dispose();
        }
        return g.getSVGElement();
    }

    /**
     * The picture as an image, {@link #PNG_SCALE} pixels per picture unit.
     *
     * @return an RGB image of {@code width() * PNG_SCALE} by {@code height() * PNG_SCALE} pixels
     */
    public BufferedImage image() {
        BufferedImage image = new BufferedImage(width() * PNG_SCALE, height() * PNG_SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.scale(PNG_SCALE, PNG_SCALE);
            paint(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * The picture as PNG bytes: {@link #image()} encoded.
     *
     * @return the PNG file's content
     */
    public byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image(), "png", out)) {
                throw new IllegalStateException("this Java runtime has no PNG encoder (javax.imageio)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a PNG in memory failed", e);
        }
        return out.toByteArray();
    }

    /** Opens an SVG group {@code <g class="...">}; other Graphics2D reject the SVG-only hint, and need none. */
    private static void beginGroup(Graphics2D g, String cls) {
        if (g instanceof SVGGraphics2D) {
            g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, Map.of("class", cls));
        }
    }

    private static void endGroup(Graphics2D g) {
        if (g instanceof SVGGraphics2D) {
            g.setRenderingHint(SVGHints.KEY_END_GROUP, "");
        }
    }

    private static void drawEdge(Graphics2D g, Edge e) {
        Path2D.Double path = new Path2D.Double();
        int n = e.xs.length;
        path.moveTo(e.xs[0], e.ys[0]);
        if (e.spline) {
            for (int i = 1; i + 2 < n; i += 3) {
                path.curveTo(e.xs[i], e.ys[i], e.xs[i + 1], e.ys[i + 1], e.xs[i + 2], e.ys[i + 2]);
            }
        } else {
            for (int i = 1; i < n; i++) {
                path.lineTo(e.xs[i], e.ys[i]);
            }
        }
        g.setColor(INK);
        g.draw(path);
        // the arrowhead points along the last piece, into the target
        double dx = e.xs[n - 1] - e.xs[n - 2];
        double dy = e.ys[n - 1] - e.ys[n - 2];
        double length = Math.hypot(dx, dy);
        if (length == 0) {
            dx = 1;
            dy = 0;
            length = 1;
        }
        double ux = dx / length;
        double uy = dy / length;
        Path2D.Double head = new Path2D.Double();
        head.moveTo(e.xs[n - 1], e.ys[n - 1]);
        head.lineTo(e.xs[n - 1] - ARROW * ux + ARROW / 2.5 * uy, e.ys[n - 1] - ARROW * uy - ARROW / 2.5 * ux);
        head.lineTo(e.xs[n - 1] - ARROW * ux - ARROW / 2.5 * uy, e.ys[n - 1] - ARROW * uy + ARROW / 2.5 * ux);
        head.closePath();
        g.fill(head);
    }

    /** Fills {@code shape} with {@code fill} and outlines it in ink; the ink stays the current colour. */
    private static void fillAndOutline(Graphics2D g, Shape shape, Color fill) {
        g.setColor(fill);
        g.fill(shape);
        g.setColor(INK);
        g.draw(shape);
    }

    private static void drawCentred(Graphics2D g, String text, double cx, double cy) {
        if (text.isEmpty()) {
            return;
        }
        Rectangle2D bounds = FONT.getStringBounds(text, METRICS);
        double ascent = FONT.getLineMetrics(text, METRICS).getAscent();
        double descent = FONT.getLineMetrics(text, METRICS).getDescent();
        g.drawString(text, (float) (cx - bounds.getWidth() / 2), (float) (cy + (ascent - descent) / 2));
    }

    private static double cellWidth(String text) {
        return Math.max(text.isEmpty() ? 10 : 0, textWidth(text)) + 2 * CELL_PADDING;
    }

    private static double textWidth(String text) {
        return text.isEmpty() ? 0 : FONT.getStringBounds(text, METRICS).getWidth();
    }

    /** The lecture's four decimals, as {@code draw_dot} prints them. */
    private static String format(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }
}
