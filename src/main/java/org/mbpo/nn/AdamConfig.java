package org.mbpo.nn;

/**
 * Adam's settings (Kingma and Ba 2015), with PyTorch's defaults.
 *
 * @param learningRate the step size (SAC: 3e-4, Haarnoja et al. 2018, Table 1)
 * @param beta1        decay of the first-moment estimate (0.9)
 * @param beta2        decay of the second-moment estimate (0.999)
 * @param epsilon      added to the root of the second moment (1e-8)
 * @param weightDecay  L2 coefficient added to each weight's gradient, not to biases (0; PyTorch's
 *                     {@code Adam(weight_decay=…)} adds it to biases too; MBPO's model decays weights only)
 */
public record AdamConfig(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {

    public AdamConfig {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("epsilon must be positive and weight decay non-negative, got " + epsilon + ", " + weightDecay);
        }
    }

    /** PyTorch's defaults with the given learning rate. */
    public static AdamConfig withLearningRate(double learningRate) {
        return new AdamConfig(learningRate, 0.9, 0.999, 1e-8, 0.0);
    }
}
