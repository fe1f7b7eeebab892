package dev.micrograd.bench;

import dev.micrograd.engine.Value;
import dev.micrograd.nn.MLP;

/** micrograd's way: rebuild the whole graph every step, then {@code backward()}. */
final class DynamicStep implements TrainingStep {
    private final MLP model = DemoLoss.model();
    private final Value[] parameters = model.parameters().toArray(new Value[0]);
    private final Moons moons;

    DynamicStep(Moons moons) {
        this.moons = moons;
    }

    @Override
    public double step() {
        Value loss = DemoLoss.build(model, parameters, DemoLoss.inputs(moons), moons.y);
        DemoLoss.zeroGrad(parameters);
        loss.backward();
        DemoLoss.update(parameters);
        return loss.data();
    }

    @Override
    public double[] parameters() {
        return DemoLoss.snapshot(parameters);
    }
}
