// The lecture, 52:52 to 1:27:05: one neuron, o = tanh(x1*w1 + x2*w2 + b), by hand and by backward();
// then tanh written with exp, which gives the same numbers.
//   jshell --class-path micrograd-core/target/micrograd-core-0.1.0-SNAPSHOT.jar:micrograd-nn/target/micrograd-nn-0.1.0-SNAPSHOT.jar docs/jshell/02-neuron-and-tanh.jsh
import dev.micrograd.engine.*;
import java.util.Locale;

String num(double x) { return String.format(Locale.ROOT, "%.4f", x); }

Value x1 = Value.of(2.0, "x1");
Value x2 = Value.of(0.0, "x2");
Value w1 = Value.of(-3.0, "w1");
Value w2 = Value.of(1.0, "w2");
Value b = Value.of(6.8813735870195432, "b");
Value x1w1 = x1.mul(w1).label("x1*w1");
Value x2w2 = x2.mul(w2).label("x2*w2");
Value n = x1w1.add(x2w2).label("x1*w1 + x2*w2").add(b).label("n");
Value o = n.tanh().label("o");
System.out.println("n = " + num(n.data()) + ", o = tanh(n) = " + num(o.data()));

// by hand: do/dn = 1 - o², and each '*' hands its operand the other's data
double dodn = 1 - o.data() * o.data();
System.out.println("by hand:    do/dn " + num(dodn) + ", x1 " + num(w1.data() * dodn) + ", w1 " + num(x1.data() * dodn)
        + ", x2 " + num(w2.data() * dodn) + ", w2 " + num(x2.data() * dodn));
o.backward();
System.out.println("backward(): do/dn " + num(n.grad()) + ", x1 " + num(x1.grad()) + ", w1 " + num(w1.grad())
        + ", x2 " + num(x2.grad()) + ", w2 " + num(w2.grad()));

// 1:17:32  backward() visits the nodes in reverse topological order
System.out.println("topological order: " + Graph.compile(o).nodes().stream().map(Value::label).toList());

// 1:27:05  tanh(n) = (e^{2n} - 1)/(e^{2n} + 1), built from exp, +, - and /
Value y1 = Value.of(2.0, "x1"), y2 = Value.of(0.0, "x2"), v1 = Value.of(-3.0, "w1"), v2 = Value.of(1.0, "w2");
Value m = y1.mul(v1).add(y2.mul(v2)).add(6.8813735870195432);
Value e = m.mul(2).exp();
Value o2 = e.sub(1).div(e.add(1));
o2.backward();
System.out.println("with exp:   o " + num(o2.data()) + ", x1 " + num(y1.grad()) + ", w1 " + num(v1.grad())
        + ", x2 " + num(y2.grad()) + ", w2 " + num(v2.grad()));
