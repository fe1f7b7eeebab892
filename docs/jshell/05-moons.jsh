// micrograd's demo (demo.ipynb): two moons, MLP(2, [16, 16, 1]) with ReLU, max-margin loss plus L2,
// 100 steps of SGD with the learning rate 1.0 - 0.9*k/100. Takes a few seconds.
//   jshell --class-path micrograd-core/target/micrograd-core-0.1.0-SNAPSHOT.jar:micrograd-nn/target/micrograd-nn-0.1.0-SNAPSHOT.jar docs/jshell/05-moons.jsh
import dev.micrograd.engine.*;
import dev.micrograd.nn.*;
import java.util.*;

Dataset data = Datasets.moons(100, 0.1, new SplittableRandom(1337));
MLP model = new MLP(2, List.of(16, 16, 1), new SplittableRandom(1337));
System.out.println(model.parameters().size() + " parameters, " + data.size() + " points");

double accuracy = 0;
for (int k = 0; k < 100; k++) {
    List<Value> scores = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) { scores.add(model.forward(data.x(i)).get(0)); }
    Value loss = Losses.maxMargin(scores, data.ys()).add(Losses.l2(model.parameters(), 1e-4));
    accuracy = Losses.accuracy(scores, data.ys());
    model.zeroGrad();
    loss.backward();
    double lr = 1.0 - 0.9 * k / 100;
    for (Value p : model.parameters()) { p.setData(p.data() - lr * p.grad()); }
    if (k % 10 == 0 || k == 99) {
        System.out.println(String.format(Locale.ROOT, "step %d loss %.4f, accuracy %.0f%%", k, loss.data(), 100 * accuracy));
    }
}
