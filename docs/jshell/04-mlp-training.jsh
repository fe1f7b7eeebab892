// The lecture, 1:43:55 to 2:01:12: MLP(3, [4, 4, 1]) with tanh everywhere, the four examples, the
// squared-error loss, 41 parameters, and gradient descent by hand: the loss falls step by step.
//   jshell --class-path micrograd-core/target/micrograd-core-0.1.0-SNAPSHOT.jar:micrograd-nn/target/micrograd-nn-0.1.0-SNAPSHOT.jar docs/jshell/04-mlp-training.jsh
import dev.micrograd.engine.*;
import dev.micrograd.nn.*;
import java.util.*;

String num(double x) { return String.format(Locale.ROOT, "%.4f", x); }

MLP model = MLP.lecture(3, List.of(4, 4, 1), new SplittableRandom(42));
double[][] xs = {{2.0, 3.0, -1.0}, {3.0, -1.0, 0.5}, {0.5, 1.0, 1.0}, {1.0, 1.0, -1.0}};
double[] ys = {1.0, -1.0, -1.0, 1.0};
System.out.println(model + ": " + model.parameters().size() + " parameters");

List<Value> ypred = new ArrayList<>();
for (int k = 0; k < 20; k++) {
    ypred.clear();
    for (double[] x : xs) { ypred.add(model.forward(x).get(0)); }
    Value loss = Losses.sumSquaredError(ypred, ys);
    model.zeroGrad();
    loss.backward();
    for (Value p : model.parameters()) { p.setData(p.data() - 0.1 * p.grad()); }
    System.out.println("step " + k + " loss " + num(loss.data()));
}
System.out.println("predictions " + ypred.stream().map(v -> num(v.data())).toList() + " for targets [1, -1, -1, 1]");
