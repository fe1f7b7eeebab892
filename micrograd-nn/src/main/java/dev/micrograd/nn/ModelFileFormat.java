package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import java.util.List;
import java.util.Locale;

/** The model file's text (see {@link ModelFile} for the format), and the words of its header lines. */
final class ModelFileFormat {
    private ModelFileFormat() {
    }

    /** The whole file's text for {@code model}: the same model gives the same text. */
    static String format(MLP model) {
        List<Value> params = model.parameters();
        StringBuilder sb = new StringBuilder(64 + 24 * params.size());
        sb.append(ModelFile.MAGIC).append(' ').append(ModelFile.VERSION).append('\n');
        sb.append("nin ").append(model.nin()).append('\n');
        sb.append("nouts ").append(sizes(model.nouts())).append('\n');
        sb.append("activations ").append(names(model.activations())).append('\n');
        sb.append("parameters ").append(params.size()).append('\n');
        for (Value p : params) {
            sb.append(Double.toString(p.data())).append('\n');
        }
        sb.append("end\n");
        return sb.toString();
    }

    /** The layer sizes as the {@code nouts} line writes them: {@code 16 16 1}. */
    static String sizes(List<Integer> sizes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sizes.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(sizes.get(i));
        }
        return sb.toString();
    }

    /** The nonlinearities as the {@code activations} line writes them: {@code relu relu linear}. */
    static String names(List<Activation> acts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < acts.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(acts.get(i).name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
