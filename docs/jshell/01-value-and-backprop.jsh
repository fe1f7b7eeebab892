// The lecture, 08:08 to 51:10: a derivative by a small step, then Value and backpropagation by hand.
// Run after `mvn -B package -DskipTests` from the repository's root:
//   jshell --class-path micrograd-core/target/micrograd-core-0.1.0-SNAPSHOT.jar:micrograd-nn/target/micrograd-nn-0.1.0-SNAPSHOT.jar docs/jshell/01-value-and-backprop.jsh
// jshell stays open afterwards: change a number, re-run a line, look at a.grad().
import dev.micrograd.engine.*;
import java.util.Locale;

String num(double x) { return String.format(Locale.ROOT, "%.4f", x); }

// 08:08  f(x) = 3x² - 4x + 5; its slope at 3, by a small step and by hand
double f(double x) { return 3 * x * x - 4 * x + 5; }
double h = 0.0001;
System.out.println("slope of f at 3 by a small step: " + num((f(3 + h) - f(3)) / h) + ", by hand 6x - 4: " + num(6 * 3 - 4));

// 19:09  values remember how they were made
Value a = Value.of(2.0, "a");
Value b = Value.of(-3.0, "b");
Value c = Value.of(10.0, "c");
Value e = a.mul(b).label("e");
Value d = e.add(c).label("d");
Value f = Value.of(-2.0, "f");
Value L = d.mul(f).label("L");
System.out.println("L = " + num(L.data()) + ", made by '" + L.op() + "' from "
        + L.children().stream().map(Value::label).toList());

// 32:10  the chain rule by hand, then backward()
double dLdd = f.data();
double dLdf = d.data();
double dLde = dLdd;
double dLdc = dLdd;
double dLda = dLde * b.data();
double dLdb = dLde * a.data();
System.out.println("by hand:    dL/dd " + num(dLdd) + ", dL/df " + num(dLdf) + ", dL/dc " + num(dLdc)
        + ", dL/de " + num(dLde) + ", dL/da " + num(dLda) + ", dL/db " + num(dLdb));
L.backward();
System.out.println("backward(): dL/dd " + num(d.grad()) + ", dL/df " + num(f.grad()) + ", dL/dc " + num(c.grad())
        + ", dL/de " + num(e.grad()) + ", dL/da " + num(a.grad()) + ", dL/db " + num(b.grad()));

// 51:10  one small step along the gradient makes L larger
for (Value leaf : java.util.List.of(a, b, c, f)) { leaf.setData(leaf.data() + 0.01 * leaf.grad()); }
Value e2 = a.mul(b);
Value L2 = e2.add(c).mul(f);
System.out.println("after one step of 0.01 * grad: L = " + num(L2.data()) + " (was -8)");

// the graph as Graphviz DOT text (micrograd-examples draws it: micrograd graph L)
System.out.println(DotExporter.toDot(L).lines().count() + " lines of DOT; print DotExporter.toDot(L) to see them");
