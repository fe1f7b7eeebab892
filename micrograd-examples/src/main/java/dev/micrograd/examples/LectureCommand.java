package dev.micrograd.examples;

import static dev.micrograd.examples.Decimals.num;

import dev.micrograd.engine.Graph;
import dev.micrograd.engine.Value;
import dev.micrograd.examples.draw.GraphPicture;
import dev.micrograd.examples.draw.GraphTooLargeException;
import dev.micrograd.nn.Dataset;
import dev.micrograd.nn.Datasets;
import dev.micrograd.nn.Losses;
import dev.micrograd.nn.MLP;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.DoubleUnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Walks "The spelled-out intro to neural networks and backpropagation: building micrograd"
 * chapter by chapter, computing and printing each chapter's numbers with this library, and writing
 * each chapter's expression graph as DOT and as an SVG picture; optionally the whole lecture as one
 * web page.
 *
 * <p>Each chapter's code starts with its {@code chapter(time, title)} call and runs to the next
 * one: the page ({@link LecturePage}) prints exactly that stretch of this file, which the build
 * ships beside the compiled class, so the code shown is the code that ran.
 */
@Command(name = "lecture",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "The lecture \"building micrograd\", chapter by chapter, with its numbers and graphs.",
        description = {"Prints each chapter's numbers, computed with this library: "
                + "derivatives by a small step and by hand, manual backprop of L = (a*b + c)*f, the tanh neuron, "
                + "the reuse bug, tanh broken into exp, and MLP(3, [4, 4, 1]) trained on the tiny data set.",
                "Each chapter's expression graph is written to DIR as DOT and as an SVG picture (drawn in Java; "
                + "no Graphviz needed). With --html FILE the whole lecture also becomes one self-contained web "
                + "page: each chapter's code, what it printed and its graph."})
final class LectureCommand implements Callable<Integer> {
    /** The lecture's four examples and their targets (1:51:04). */
    private static final Dataset TINY = Datasets.lecture();

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "Folder for the graphs (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the MLP's initial weights (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "20",
            description = "Gradient-descent steps on the tiny data set (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.1",
            description = "Learning rate of those steps (default: ${DEFAULT-VALUE}).")
    private double lr;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the lecture as one web page (no network needed to read it).")
    private Path html;

    private PrintWriter w;
    private final List<Path> written = new ArrayList<>();
    /** The chapters as they ran, for the page. */
    private final List<LecturePage.Chapter> chapters = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (steps < 1) {
            throw new ParameterException(spec.commandLine(), "--steps must be at least 1, found " + steps);
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new ParameterException(spec.commandLine(), "--lr must be a positive number, found " + lr);
        }
        String outProblem = OutputFiles.checkFolder(out, "--out");
        if (outProblem == null && html != null) {
            outProblem = Files.isDirectory(html) ? "--html: " + html + " is a folder, expected a file name"
                    : OutputFiles.checkFolder(html.toAbsolutePath().getParent(), "--html");
        }
        if (outProblem != null) {
            throw new ParameterException(spec.commandLine(), outProblem);
        }
        w = spec.commandLine().getOut();
        overview();
        singleInput();
        multipleInputs();
        Value loss = manualBackprop();
        optimisationStep(loss);
        neuron();
        reuseBug();
        tanhFromExp();
        pytorch();
        mlp();
        summary();
        tanhBackwardFromOutput();
        w.println();
        w.println("Graphs written: " + written.size() + " files in " + out);
        if (html != null) {
            String source = LecturePage.source(LectureCommand.class);
            String helpers = LecturePage.members(source, List.of("static final class NeuronByHand",
                    "private static Value loss(", "private static String f4(", "private static String f6("))
                    + "\n" + LecturePage.members(LecturePage.source(Decimals.class), List.of("static String num("));
            LecturePage.write(html, chapters, LecturePage.chapterSources(source), helpers);
            w.println("The lecture as a page: " + html);
        }
        w.flush();
        return 0;
    }

    /** Starts a chapter; the page shows this method's source from this call to the next chapter. */
    private void chapter(String time, String title) {
        w.println();
        w.println("== " + time + "  " + title + " ==");
        chapters.add(new LecturePage.Chapter(time, title));
    }

    /** Prints a line of the current chapter. */
    private void say(String line) {
        w.println(line);
        chapters.get(chapters.size() - 1).lines().add(line);
    }

    /** 00:25: micrograd's README example. */
    private void overview() throws IOException {
        chapter("00:25", "micrograd overview");
        Value a = Value.of(-4.0, "a");
        Value b = Value.of(2.0, "b");
        Value c = a.add(b);
        Value d = a.mul(b).add(b.pow(3));
        c = c.add(c.add(1));
        c = c.add(Value.of(1).add(c).add(a.neg()));
        d = d.add(d.mul(2).add(b.add(a).relu()));
        d = d.add(d.mul(3).add(b.sub(a).relu()));
        Value e = c.sub(d);
        Value f = e.pow(2);
        Value g = f.div(2.0);
        g = g.add(Value.of(10.0).div(f)).label("g");
        g.backward();
        say("a = -4, b = 2; c = a + b; d = a*b + b**3; c += c + 1; c += 1 + c + (-a);");
        say("d += d*2 + (b + a).relu(); d += 3*d + (b - a).relu(); e = c - d; f = e**2; g = f/2 + 10/f");
        say("g = " + f4(g.data()) + "   (micrograd: 24.7041)");
        say("g.backward(): dg/da = " + f4(a.grad()) + ", dg/db = " + f4(b.grad())
                + "   (micrograd: 138.8338, 645.5773)");
        graph(g, "lecture-00-overview");
    }

    /** 08:08: the slope of a function of one input. */
    private void singleInput() {
        chapter("08:08", "derivative of a simple function with one input");
        DoubleUnaryOperator f = x -> 3 * x * x - 4 * x + 5;
        double h = 0.0001;
        double x = 3.0;
        say("f(x) = 3x² - 4x + 5;  f(3) = " + num(f.applyAsDouble(x)));
        say("(f(x + h) - f(x)) / h with h = 0.0001 at x = 3: "
                + f6((f.applyAsDouble(x + h) - f.applyAsDouble(x)) / h));
        say("by hand: f'(x) = 6x - 4, f'(3) = " + num(6 * x - 4));
    }

    /** 14:12: nudging each input of d = a*b + c. */
    private void multipleInputs() {
        chapter("14:12", "derivative of a function with multiple inputs");
        double h = 0.0001;
        double a = 2.0;
        double b = -3.0;
        double c = 10.0;
        double d1 = a * b + c;
        say("d = a*b + c with a = 2, b = -3, c = 10: d = " + num(d1));
        say("nudge a by h: slope (d2 - d1)/h = " + f6(((a + h) * b + c - d1) / h) + "   (= b)");
        say("nudge b by h: slope (d2 - d1)/h = " + f6((a * (b + h) + c - d1) / h) + "   (= a)");
        say("nudge c by h: slope (d2 - d1)/h = " + f6((a * b + (c + h) - d1) / h) + "   (= 1)");
    }

    /** 19:09 and 32:10: the Value object, then L = (a*b + c)*f backpropagated by hand and by backward(). */
    private Value manualBackprop() throws IOException {
        chapter("19:09", "the core Value object and its visualisation");
        Value a = Value.of(2.0, "a");
        Value b = Value.of(-3.0, "b");
        Value c = Value.of(10.0, "c");
        Value e = a.mul(b).label("e");
        Value d = e.add(c).label("d");
        Value f = Value.of(-2.0, "f");
        Value loss = d.mul(f).label("L");
        say("e = a*b; d = e + c; L = d*f with a = 2, b = -3, c = 10, f = -2");
        say("L: data " + num(loss.data()) + ", op '" + loss.op() + "', children " + labels(loss.children()));
        say("draw_dot: left to right, one record per Value (label | data | grad), one small node per operation");
        graph(loss, "lecture-L-forward");

        chapter("32:10", "manual backprop, example 1");
        // the chain rule, written out as in the lecture
        double dLdL = 1.0;
        double dLdd = f.data() * dLdL;
        double dLdf = d.data() * dLdL;
        double dLdc = dLdd;
        double dLde = dLdd;
        double dLda = b.data() * dLde;
        double dLdb = a.data() * dLde;
        say("L = " + num(loss.data()));
        say("by hand:     dL/dd = " + num(dLdd) + ", dL/df = " + num(dLdf) + ", dL/dc = " + num(dLdc)
                + ", dL/de = " + num(dLde) + ", dL/da = " + num(dLda) + ", dL/db = " + num(dLdb));
        loss.backward();
        say("backward():  dL/dd = " + num(d.grad()) + ", dL/df = " + num(f.grad()) + ", dL/dc = "
                + num(c.grad()) + ", dL/de = " + num(e.grad()) + ", dL/da = " + num(a.grad()) + ", dL/db = "
                + num(b.grad()));
        graph(loss, "lecture-L");
        return loss;
    }

    /** 51:10: one step along the gradient. */
    private void optimisationStep(Value loss) {
        chapter("51:10", "a single optimisation step");
        double before = loss.data();
        Graph graph = Graph.compile(loss);
        for (Value leaf : graph.leaves()) {
            leaf.setData(leaf.data() + 0.01 * leaf.grad());
        }
        graph.forward();
        say("nudge every leaf by 0.01 * grad: L goes from " + num(before) + " to " + num(loss.data())
                + (loss.data() > before ? "   (it rose)" : "   (it did not rise!)"));
    }

    /** 52:52, 1:09:02 and 1:17:32: the tanh neuron, by hand, by backward(), in topological order. */
    private void neuron() throws IOException {
        chapter("52:52", "manual backprop, example 2: a neuron");
        NeuronByHand n = new NeuronByHand();
        Value o = n.n.tanh().label("o");
        double dodn = 1 - o.data() * o.data();
        say("x1 = 2, x2 = 0, w1 = -3, w2 = 1, b = 6.8813735870195432; n = x1*w1 + x2*w2 + b = "
                + f4(n.n.data()));
        say("o = tanh(n) = " + f4(o.data()));
        say("by hand: do/dn = 1 - o² = " + num(dodn) + "; x1 = w1 * " + num(dodn) + " = "
                + num(n.w1.data() * dodn) + ", w1 = x1 * " + num(dodn) + " = " + num(n.x1.data() * dodn)
                + ", x2 = " + num(n.w2.data() * dodn) + ", w2 = " + num(n.x2.data() * dodn));

        chapter("1:09:02", "the backward function of each operation");
        o.backward();
        say("tanh: n.grad = (1 - o²) * o.grad = " + num(n.n.grad()));
        say("'+':  the gradient flows unchanged: b.grad = " + num(n.b.grad()) + ", x1*w1.grad = "
                + num(n.x1w1.grad()));
        say("'*':  each operand gets the other's data: x1.grad = " + num(n.x1.grad()) + ", w1.grad = "
                + num(n.w1.grad()) + ", x2.grad = " + num(n.x2.grad()) + ", w2.grad = " + num(n.w2.grad()));

        chapter("1:17:32", "backward for a whole graph");
        say("topological order (each node after its operands): " + labels(Graph.compile(o).nodes()));
        say("o.backward() visits it in reverse: o.grad = 1, then each node's local rule; the grads above");
        graph(o, "lecture-neuron");
    }

    /** 1:22:28: gradients must accumulate. */
    private void reuseBug() throws IOException {
        chapter("1:22:28", "the bug when one node is used several times");
        Value a = Value.of(3.0, "a");
        Value b = a.add(a).label("b");
        b.backward();
        say("b = a + a with a = 3: b = " + num(b.data()) + ", da = " + num(a.grad())
                + "   (2: the two paths add up, grad += ...)");
        Value a2 = Value.of(-2.0, "a");
        Value b2 = Value.of(3.0, "b");
        Value d = a2.mul(b2).label("d");
        Value e = a2.add(b2).label("e");
        Value f = d.mul(e).label("f");
        f.backward();
        say("f = (a*b) * (a + b) with a = -2, b = 3: f = " + num(f.data()) + ", da = " + num(a2.grad())
                + ", db = " + num(b2.grad()));
        graph(b, "lecture-reuse");
    }

    /** 1:27:05: tanh as (e^{2n} - 1)/(e^{2n} + 1). */
    private void tanhFromExp() throws IOException {
        chapter("1:27:05", "tanh broken into more operations");
        NeuronByHand n = new NeuronByHand();
        Value e = n.n.mul(2).exp().label("e");
        Value o = e.sub(1).div(e.add(1)).label("o");
        o.backward();
        say("o = (e - 1)/(e + 1) with e = exp(2n): o = " + f4(o.data()));
        say("grads: x1 = " + num(n.x1.grad()) + ", w1 = " + num(n.w1.grad()) + ", x2 = " + num(n.x2.grad())
                + ", w2 = " + num(n.w2.grad()) + "   (the same as with tanh)");
        graph(o, "lecture-neuron-exp");
    }

    /** 1:39:31: what the lecture shows PyTorch computing; this program does not run PyTorch. */
    private void pytorch() {
        chapter("1:39:31", "the same in PyTorch");
        say("In the lecture, PyTorch (float64 tensors) gives o = 0.7071 and grads x1 = -1.5, w1 = 1, x2 = 0.5,"
                + " w2 = 0 for the neuron of 52:52.");
        say("micrograd-verify's KnownAnswerTest checks these numbers against PyTorch.");
    }

    /** 1:43:55 to 2:01:12: the MLP, the tiny data set, the loss, the parameters, gradient descent. */
    private void mlp() throws IOException {
        chapter("1:43:55", "a neural-net library (MLP)");
        MLP model = MLP.lecture(3, List.of(4, 4, 1), new SplittableRandom(seed));
        say("MLP(3, [4, 4, 1]), tanh everywhere, seed " + seed + ": " + model);
        Value out0 = model.forward(TINY.x(0)).get(0);
        say("forward([2, 3, -1]) = " + f4(out0.data()));
        graph(out0, "lecture-mlp");

        chapter("1:51:04", "a tiny dataset and a loss");
        say("xs = [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]], ys = [1, -1, -1, 1]");
        Value first = loss(model, null);
        say("loss = Σ (yout - ygt)² = " + f4(first.data()));
        graph(first, "lecture-mlp-loss");

        chapter("1:57:56", "collecting the parameters");
        say("parameters(): " + model.parameters().size());

        chapter("2:01:12", "gradient descent by hand");
        say("each step: forward, zero grads, backward, p.data -= " + num(lr) + " * p.grad");
        double previous = Double.POSITIVE_INFINITY;
        boolean fell = true;
        List<Value> ypred = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            ypred.clear();
            Value loss = loss(model, ypred);
            model.zeroGrad();
            loss.backward();
            for (Value p : model.parameters()) {
                p.setData(p.data() - lr * p.grad());
            }
            fell &= loss.data() < previous;
            previous = loss.data();
            say(String.format(Locale.ROOT, "step %2d loss %.6f", k, loss.data()));
        }
        List<String> predictions = new ArrayList<>();
        for (Value y : ypred) {
            predictions.add(f4(y.data()));
        }
        say("predictions " + predictions + " for targets [1, -1, -1, 1]");
        say(fell ? "the loss fell at every step" : "the loss did not fall at every step: try a smaller --lr");
    }

    private void summary() {
        chapter("2:14:03", "summary: towards modern nets");
        say("the same ideas at scale: tensors instead of scalars, the same chain rule");
        chapter("2:16:46", "walkthrough of micrograd's code");
        say("engine.py is dev.micrograd.engine.Value; nn.py is dev.micrograd.nn (Neuron, Layer, MLP);");
        say("the demo (moons, max-margin loss, L2, learning-rate decay): run `micrograd moons`");
    }

    /** 2:21:10: PyTorch's tanh backward uses the output. */
    private void tanhBackwardFromOutput() {
        chapter("2:21:10", "PyTorch's own backward for tanh");
        NeuronByHand n = new NeuronByHand();
        Value o = n.n.tanh();
        o.backward();
        double y = o.data();
        say("PyTorch computes grad * (1 - y²) from the output y = " + f4(y) + ": " + num(1 - y * y)
                + "; our tanh gives n.grad = " + num(n.n.grad()));
    }

    /** The sum of squared errors over the four examples; collects the predictions when asked. */
    private static Value loss(MLP model, List<Value> predictions) {
        List<Value> ypred = new ArrayList<>(TINY.size());
        for (int i = 0; i < TINY.size(); i++) {
            ypred.add(model.forward(TINY.x(i)).get(0));
        }
        if (predictions != null) {
            predictions.addAll(ypred);
        }
        return Losses.sumSquaredError(ypred, TINY.ys()).label("loss");
    }

    /**
     * Writes the graph's DOT and its SVG picture to the output folder and keeps the picture for the
     * page; past {@link GraphPicture#MAX_VALUES} values only the DOT, and says why.
     */
    private void graph(Value root, String name) throws IOException {
        Path dot = GraphFiles.writeDot(root, out.resolve(name + ".dot"));
        written.add(dot);
        LecturePage.Chapter chapter = chapters.get(chapters.size() - 1);
        GraphPicture picture;
        try {
            picture = GraphPicture.of(root);
        } catch (GraphTooLargeException e) {
            say("graph: " + dot + " (no picture: " + e.getMessage() + ")");
            chapter.graphs().add(new LecturePage.Picture(name, null, e.getMessage()));
            return;
        }
        String svg = picture.svg();
        Path file = GraphFiles.writeSvg(svg, out.resolve(name + ".svg"));
        written.add(file);
        say("graph: " + dot + ", " + file);
        chapter.graphs().add(new LecturePage.Picture(name, svg, null));
    }

    private static String labels(List<Value> nodes) {
        List<String> names = new ArrayList<>(nodes.size());
        for (Value v : nodes) {
            names.add(v.label().isEmpty() ? v.op() : v.label());
        }
        return names.toString();
    }

    private static String f4(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    private static String f6(double x) {
        return String.format(Locale.ROOT, "%.6f", x);
    }

    /**
     * The lecture's neuron n = x1*w1 + x2*w2 + b, built by hand from values and labelled as in the
     * lecture (dev.micrograd.nn.Neuron is the library's neuron).
     */
    static final class NeuronByHand {
        final Value x1 = Value.of(2.0, "x1");
        final Value x2 = Value.of(0.0, "x2");
        final Value w1 = Value.of(-3.0, "w1");
        final Value w2 = Value.of(1.0, "w2");
        final Value b = Value.of(6.8813735870195432, "b");
        final Value x1w1 = x1.mul(w1).label("x1*w1");
        final Value x2w2 = x2.mul(w2).label("x2*w2");
        final Value n = x1w1.add(x2w2).label("x1*w1 + x2*w2").add(b).label("n");
    }
}
