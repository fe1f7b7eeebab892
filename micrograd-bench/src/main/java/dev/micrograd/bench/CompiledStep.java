package dev.micrograd.bench;

import dev.micrograd.engine.Graph;
import dev.micrograd.engine.Value;
import dev.micrograd.nn.MLP;

/** The graph built once and replayed with {@link Graph}: forward, zeroGrad, backward, update. */
final class CompiledStep implements TrainingStep {
    private final Value[] parameters;
    private final Graph graph;

    CompiledStep(Moons moons) {
        MLP model = DemoLoss.model();
        parameters = model.parameters().toArray(new Value[0]);
        graph = Graph.compile(DemoLoss.build(model, parameters, DemoLoss.inputs(moons), moons.y));
    }

    @Override
    public double step() {
        graph.forward();
        DemoLoss.zeroGrad(parameters);
        graph.backward();
        DemoLoss.update(parameters);
        return graph.root().data();
    }

    @Override
    public double[] parameters() {
        return DemoLoss.snapshot(parameters);
    }
}
