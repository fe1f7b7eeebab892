// The lecture, 1:22:28: a value used twice gets the gradient of both uses; grads accumulate (+=).
//   jshell --class-path micrograd-core/target/micrograd-core-0.1.0-SNAPSHOT.jar:micrograd-nn/target/micrograd-nn-0.1.0-SNAPSHOT.jar docs/jshell/03-reused-node.jsh
import dev.micrograd.engine.*;
import java.util.Locale;

String num(double x) { return String.format(Locale.ROOT, "%.4f", x); }

Value a = Value.of(3.0, "a");
Value b = a.add(a).label("b");
b.backward();
System.out.println("b = a + a with a = 3: b = " + num(b.data()) + ", db/da = " + num(a.grad()) + " (1 from each use)");

Value p = Value.of(-2.0, "a");
Value q = Value.of(3.0, "b");
Value d = p.mul(q).label("d");
Value e = p.add(q).label("e");
Value f = d.mul(e).label("f");
f.backward();
System.out.println("f = (a*b) * (a + b) with a = -2, b = 3: f = " + num(f.data()) + ", df/da = " + num(p.grad())
        + ", df/db = " + num(q.grad()));

// backward() again adds to the grads already there: zero them first, as the training loop does
f.backward();
System.out.println("after a second backward() without zeroing: df/da = " + num(p.grad()) + " (twice -3)");
