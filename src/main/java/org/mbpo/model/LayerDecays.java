package org.mbpo.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * L2 weight-decay coefficients, one per layer of each member, input layer first: the loss gains
 * {@code Σ_l decay_l · ‖W_l‖² / 2} over the weights (not the biases) of every member, TensorFlow's
 * {@code l2_loss} as the reference implementation uses it.
 *
 * @param values one coefficient per layer, each ≥ 0
 */
public record LayerDecays(double[] values) {

    public LayerDecays {
        if (values.length == 0) {
            throw new IllegalArgumentException("weight_decays must name at least one layer");
        }
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0) || Double.isInfinite(values[i])) {
                throw new IllegalArgumentException("weight_decays[" + i + "] = " + values[i] + " must be finite and at least 0");
            }
        }
        values = values.clone();
    }

    /** MBPO's: 2.5e-5, 5e-5, 7.5e-5, 7.5e-5 on the four hidden layers and 1e-4 on the output layer. */
    public static LayerDecays mbpo() {
        return new LayerDecays(new double[] {2.5e-5, 5e-5, 7.5e-5, 7.5e-5, 1e-4});
    }

    /** Parses a comma-separated list, e.g. {@code 2.5e-5,5e-5,7.5e-5,7.5e-5,1e-4} (as {@link #toString()} writes it). */
    public static LayerDecays parse(String text) {
        try {
            return new LayerDecays(Arrays.stream(text.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("weight_decays '" + text + "' must be comma-separated numbers, e.g. 2.5e-5,5e-5,7.5e-5,7.5e-5,1e-4");
        }
    }

    /** The coefficient of layer {@code layer}. */
    public double get(int layer) {
        return values[layer];
    }

    /** Number of layers. */
    public int size() {
        return values.length;
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerDecays d && Arrays.equals(values, d.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(","));
    }
}
