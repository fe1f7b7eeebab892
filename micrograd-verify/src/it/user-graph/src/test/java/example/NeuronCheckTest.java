package example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Value;
import dev.micrograd.verify.Exact;
import dev.micrograd.verify.Parity;
import dev.micrograd.verify.ParityReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A user's own graph, checked as docs/verify.md shows: against PyTorch, against exact arithmetic, on a page. */
class NeuronCheckTest {

    @Test
    void myNeuronAgreesWithPyTorchAndIsCloseToTheTruth() throws IOException {
        // the lecture's neuron: o = tanh(x1*w1 + x2*w2 + b)
        Value x1 = Value.of(2.0, "x1");
        Value x2 = Value.of(0.0, "x2");
        Value w1 = Value.of(-3.0, "w1");
        Value w2 = Value.of(1.0, "w2");
        Value b = Value.of(6.8813735870195432, "b");
        Value o = x1.mul(w1).add(x2.mul(w2)).add(b).label("n").tanh().label("o");

        Parity.Result parity = Parity.check(o);
        System.out.println(parity);
        assertTrue(parity.passed(), parity::toString);

        Exact.Result exact = Exact.check(o);
        System.out.println(exact);
        assertTrue(exact.maxUlps() <= 4, exact::toString);

        Parity.checkOrThrow(in -> in.get(0).mul(in.get(1)).tanh(), 0.5, -1.5);

        Path page = Path.of("target", "my-parity-report");
        ParityReport.titled("My neuron").add("neuron", parity).add("neuron", exact).writeTo(page);
        assertTrue(Files.readString(page.resolve("report.json")).contains("\"kind\": \"exact\""));
    }
}
